import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { OrdersApiError, postOrder, type OrderJson } from './orders-api.js';
import { toIssueKey, toNewOrder, type ItemDraft } from './to-new-order.js';

const blankItem: ItemDraft = { sku: '', name: '', quantity: '1', price: '' };

/**
 * Creates an order through the bridge (`POST /orders`, a CreateOrder call). The server is the one
 * that validates: each refused field's reason is shown next to it, as the bridge's 400 names it.
 */
export function OrderForm({ ordersUrl, onCreated }: { ordersUrl: string; onCreated: (order: OrderJson) => void }) {
  const [email, setEmail] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [items, setItems] = useState<ItemDraft[]>([blankItem]);
  const [issues, setIssues] = useState<ReadonlyMap<string, string>>(new Map());
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();
  const [sending, setSending] = useState(false);

  const setItem = (index: number, change: Partial<ItemDraft>) =>
    setItems((current) => current.map((item, at) => (at === index ? { ...item, ...change } : item)));
  const shown = new Set(['customer_email', 'currency', 'items']);
  items.forEach((_, index) =>
    ['sku', 'name', 'quantity', 'unit_price_cents'].forEach((field) => shown.add(`items[${index}].${field}`)),
  );
  const elsewhere = [...issues].filter(([key]) => !shown.has(key)).map(([key, message]) => `${key}: ${message}`);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const draft = toNewOrder({ customerEmail: email, currency, items });
    setOutcome(undefined);
    if (!draft.ok) return void setIssues(draft.issues);
    setSending(true);
    try {
      const order = await postOrder(ordersUrl, draft.order);
      onCreated(order);
      setIssues(new Map());
      setItems([blankItem]);
      setOutcome({ ok: true, text: `Pedido ${order.id} creado.` });
    } catch (error) {
      const refused = error instanceof OrdersApiError ? error : undefined;
      setIssues(new Map(refused?.issues.map((issue) => [toIssueKey(issue.path), issue.message])));
      setOutcome({ ok: false, text: toCreateProblem(refused) });
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="order-form" onSubmit={submit} noValidate aria-label="Nuevo pedido">
      <div className="order-fields">
        <Field label="Email del cliente" error={issues.get('customer_email')}>
          {(props) => (
            <input
              {...props}
              type="email"
              value={email}
              placeholder="ana@example.com"
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label="Moneda" error={issues.get('currency')}>
          {(props) => (
            <input {...props} value={currency} maxLength={3} onChange={(event) => setCurrency(event.target.value)} />
          )}
        </Field>
      </div>
      {items.map((item, index) => (
        <fieldset key={index} className="order-item">
          <legend>Ítem {index + 1}</legend>
          <div className="order-fields">
            <Field label="SKU" error={issues.get(`items[${index}].sku`)}>
              {(props) => (
                <input
                  {...props}
                  value={item.sku}
                  placeholder="CB-01"
                  onChange={(e) => setItem(index, { sku: e.target.value })}
                />
              )}
            </Field>
            <Field label="Producto" error={issues.get(`items[${index}].name`)}>
              {(props) => (
                <input
                  {...props}
                  value={item.name}
                  placeholder="Cable USB-C"
                  onChange={(e) => setItem(index, { name: e.target.value })}
                />
              )}
            </Field>
            <Field label="Cantidad" error={issues.get(`items[${index}].quantity`)}>
              {(props) => (
                <input
                  {...props}
                  value={item.quantity}
                  inputMode="numeric"
                  onChange={(e) => setItem(index, { quantity: e.target.value })}
                />
              )}
            </Field>
            <Field label="Precio unitario" error={issues.get(`items[${index}].unit_price_cents`)}>
              {(props) => (
                <input
                  {...props}
                  value={item.price}
                  placeholder="7.99"
                  inputMode="decimal"
                  onChange={(e) => setItem(index, { price: e.target.value })}
                />
              )}
            </Field>
          </div>
          {items.length > 1 && (
            <button
              type="button"
              className="secondary"
              onClick={() => setItems((current) => current.filter((_, at) => at !== index))}
            >
              Quitar ítem
            </button>
          )}
        </fieldset>
      ))}
      {issues.has('items') && <p className="field-error">{issues.get('items')}</p>}
      <div className="form-actions">
        <button type="button" className="secondary" onClick={() => setItems((current) => [...current, blankItem])}>
          Agregar ítem
        </button>
        <button type="submit" disabled={sending}>
          Crear pedido
        </button>
      </div>
      {elsewhere.length > 0 && <p className="error">{elsewhere.join('; ')}</p>}
      {outcome !== undefined && (
        <p className={outcome.ok ? 'done' : 'error'} role="status" data-testid="order-form-outcome">
          {outcome.text}
        </p>
      )}
    </form>
  );
}

interface InputProps {
  readonly id: string;
  readonly 'aria-invalid': boolean;
  readonly 'aria-describedby': string | undefined;
}

/** A labelled input with the server's reason under it when it refused the field. */
function Field({
  label,
  error,
  children,
}: {
  label: string;
  error: string | undefined;
  children: (props: InputProps) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error !== undefined,
        'aria-describedby': error === undefined ? undefined : `${id}-error`,
      })}
      {error !== undefined && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

function toCreateProblem(refused: OrdersApiError | undefined): string {
  if (refused === undefined) return 'No se pudo contactar al dashboard; probá de nuevo.';
  if (refused.issues.length > 0) return 'El servidor rechazó el pedido: revisá los campos marcados.';
  if (refused.error === 'bridge_unreachable')
    return 'El puente gRPC no responde: inicialo con rtlab serve grpc-bridge.';
  if (refused.status === 503) return 'El servidor gRPC no responde: inicialo con rtlab serve grpc-server.';
  return `No se pudo crear el pedido (${refused.status}): ${refused.message}`;
}
