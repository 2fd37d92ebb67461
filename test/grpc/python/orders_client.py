"""A client of rtlab's OrderService that no one on the project wrote the stubs of: it knows only
proto/orders.proto (compiled here by grpc_tools.protoc) or, in its second part, only what the
server's reflection service describes. Prints one JSON object with what it saw.

usage: orders_client.py TARGET TOKEN ORDERS_PROTO REFLECTION_PROTO WORK_DIR
"""

import json
import os
import sys

import grpc
import grpc_tools
from grpc_tools import protoc


def compile_proto(proto_path, out_dir):
    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    code = protoc.main(
        [
            "protoc",
            f"-I{os.path.dirname(proto_path)}",
            f"-I{include}",
            f"--python_out={out_dir}",
            f"--grpc_python_out={out_dir}",
            os.path.basename(proto_path),
        ]
    )
    if code != 0:
        raise SystemExit(f"protoc failed on {proto_path} ({code})")


def main():
    target, token, orders_proto, reflection_proto, work_dir = sys.argv[1:6]
    os.makedirs(os.path.join(work_dir, "orders"), exist_ok=True)
    os.makedirs(os.path.join(work_dir, "reflection"), exist_ok=True)
    compile_proto(orders_proto, os.path.join(work_dir, "orders"))
    compile_proto(reflection_proto, os.path.join(work_dir, "reflection"))
    sys.path[:0] = [os.path.join(work_dir, "orders"), os.path.join(work_dir, "reflection")]
    import orders_pb2
    import orders_pb2_grpc
    from google.protobuf import json_format

    metadata = [("authorization", f"Bearer {token}")]
    seen = {}
    with grpc.insecure_channel(target) as channel:
        stub = orders_pb2_grpc.OrderServiceStub(channel)
        created = []
        for sku, quantity in (("PY-1", 1), ("PY-2", 3)):
            order = stub.CreateOrder(
                orders_pb2.CreateOrderRequest(
                    customer_email="python@example.com",
                    currency="USD",
                    items=[orders_pb2.OrderItem(sku=sku, name="From Python", quantity=quantity, unit_price_cents=250)],
                ),
                metadata=metadata,
                timeout=10,
            )
            created.append(json_format.MessageToDict(order))
        seen["created"] = created
        listed = stub.GetOrders(
            orders_pb2.GetOrdersRequest(customer_email="python@example.com", limit=10), metadata=metadata, timeout=10
        )
        seen["listed"] = [order.id for order in listed]
        try:
            stub.CreateOrder(orders_pb2.CreateOrderRequest(customer_email="x", currency="USD"), metadata=metadata)
            seen["invalid"] = "accepted"
        except grpc.RpcError as error:
            trailers = dict(error.trailing_metadata() or ())
            seen["invalid"] = {
                "code": error.code().name,
                "details": error.details(),
                "hasStatusDetails": "grpc-status-details-bin" in trailers,
            }
        try:
            # 100 invalid items: grpcio refuses responses whose metadata passes 8 KB.
            bad_items = [orders_pb2.OrderItem(sku=f"BAD-{n}", name="Bad", quantity=0, unit_price_cents=1) for n in range(100)]
            stub.CreateOrder(
                orders_pb2.CreateOrderRequest(customer_email="python@example.com", currency="USD", items=bad_items),
                metadata=metadata,
                timeout=10,
            )
            seen["manyInvalid"] = "accepted"
        except grpc.RpcError as error:
            trailers = dict(error.trailing_metadata() or ())
            seen["manyInvalid"] = {
                "code": error.code().name,
                "details": error.details(),
                "statusDetailsBytes": len(trailers.get("grpc-status-details-bin", b"")),
            }
        try:
            stub.GetOrder(orders_pb2.GetOrderRequest(id=created[0]["id"]), timeout=10)
        except grpc.RpcError as error:
            seen["withoutToken"] = error.code().name
        seen["reflection"] = through_reflection(channel, metadata, created[0]["id"])
    print(json.dumps(seen))


def through_reflection(channel, metadata, order_id):
    """Lists the services, then calls GetOrder with message classes built from the server's own descriptors."""
    import reflection_pb2
    import reflection_pb2_grpc
    from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory, timestamp_pb2

    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    [listing] = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    services = sorted(service.name for service in listing.list_services_response.service)
    [described] = stub.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(file_containing_symbol="rtlab.orders.v1.OrderService")])
    )
    pool = descriptor_pool.DescriptorPool()
    pool.Add(descriptor_pb2.FileDescriptorProto.FromString(timestamp_pb2.DESCRIPTOR.serialized_pb))
    files = [descriptor_pb2.FileDescriptorProto.FromString(raw) for raw in described.file_descriptor_response.file_descriptor_proto]
    for file in files:
        if file.name != "google/protobuf/timestamp.proto":
            pool.Add(file)
    factory = message_factory.MessageFactory(pool)
    request_class = factory.GetPrototype(pool.FindMessageTypeByName("rtlab.orders.v1.GetOrderRequest"))
    order_class = factory.GetPrototype(pool.FindMessageTypeByName("rtlab.orders.v1.Order"))
    get_order = channel.unary_unary(
        "/rtlab.orders.v1.OrderService/GetOrder",
        request_serializer=lambda message: message.SerializeToString(),
        response_deserializer=order_class.FromString,
    )
    order = get_order(request_class(id=order_id), metadata=metadata, timeout=10)
    methods = [method.name for method in pool.FindServiceByName("rtlab.orders.v1.OrderService").methods]
    return {"services": services, "methods": methods, "order": json_format.MessageToDict(order)}


if __name__ == "__main__":
    main()
