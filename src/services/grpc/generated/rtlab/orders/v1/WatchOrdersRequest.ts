// Original file: proto/orders.proto


export interface WatchOrdersRequest {
}

export interface WatchOrdersRequest__Output {
}
