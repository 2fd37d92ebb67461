import { useId, useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { OrdersApiError, postOrder, type OrderJson } from './orders-api.js';
import { toIssueKey, toNewOrder, type ItemDraft } from './to-new-order.js';
import { toSpanishIssue } from './to-spanish-issue.js';

const blankItem: ItemDraft = { sku: '', name: '', quantity: '1', price: '' };

/** An item's inputs, each with the request field the server names when it refuses it. */
const itemFields: ReadonlyArray<InputAttributes & { key: keyof ItemDraft; issue: string; label: string }> = [
  { key: 'sku', issue: 'sku', label: 'SKU', placeholder: 'CB-01' },
  { key: 'name', issue: 'name', label: 'Producto', placeholder: 'Cable USB-C' },
  { key: 'quantity', issue: 'quantity', label: 'Cantidad', inputMode: 'numeric' },
  { key: 'price', issue: 'unit_price_cents', label: 'Precio unitario', placeholder: '7.99', inputMode: 'decimal' },
];

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
  items.forEach((_, index) => itemFields.forEach(({ issue }) => shown.add(`items[${index}].${issue}`)));
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
      setIssues(new Map(refused?.issues.map((issue) => [toIssueKey(issue.path), toSpanishIssue(issue.message)])));
      setOutcome({ ok: false, text: toCreateProblem(refused) });
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="order-form" onSubmit={submit} noValidate aria-label="Nuevo pedido">
      <div className="order-fields">
        <Field
          label="Email del cliente"
          error={issues.get('customer_email')}
          input={{ type: 'email', value: email, placeholder: 'ana@example.com' }}
          onChange={setEmail}
        />
        <Field
          label="Moneda"
          error={issues.get('currency')}
          input={{ value: currency, maxLength: 3 }}
          onChange={setCurrency}
        />
      </div>
      {items.map((item, index) => (
        <fieldset key={index} className="order-item">
          <legend>Ítem {index + 1}</legend>
          <div className="order-fields">
            {itemFields.map(({ key, issue, label, ...input }) => (
              <Field
                key={key}
                label={label}
                error={issues.get(`items[${index}].${issue}`)}
                input={{ ...input, value: item[key] }}
                onChange={(value) => setItem(index, { [key]: value })}
              />
            ))}
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

/** An input's own attributes, as the form sets them. */
type InputAttributes = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'value' | 'placeholder' | 'maxLength' | 'inputMode'
>;

/** A labelled input with the server's reason under it when it refused the field. */
function Field(props: {
  label: string;
  error: string | undefined;
  input: InputAttributes;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className={props.error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor={id}>{props.label}</label>
      <input
        {...props.input}
        id={id}
        aria-invalid={props.error !== undefined}
        aria-describedby={props.error === undefined ? undefined : `${id}-error`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.error !== undefined && (
        <span id={`${id}-error`} className="field-error">
          {props.error}
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
