import { useEffect, useState, type FormEvent } from 'react';
import { ConnectionBadge } from './ConnectionBadge.js';
import { formatTime } from './format-time.js';
import type { DashboardConfig } from './fetch-dashboard-config.js';
import type { ChatMessage } from '../lab-events.js';
import type { ChatHistoryPage } from '../services/ws/ws-events.js';
import { useNamespace } from './use-namespace.js';

type HistoryReply = Partial<ChatHistoryPage> & { readonly error?: string };

/** A name per browser, kept across reloads, so that "own" messages can be told apart. */
function ownName(): string {
  const saved = localStorage.getItem('rtlab.user');
  if (saved !== null) return saved;
  const name = `alumno-${Math.random().toString(36).slice(2, 6)}`;
  localStorage.setItem('rtlab.user', name);
  return name;
}

export function ChatPanel({ config }: { config: DashboardConfig }) {
  const { socket, state } = useNamespace(config, '/chat');
  const [user] = useState(ownName);
  // Oldest first, as a chat reads; history pages arrive newest first and are reversed.
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    if (socket === undefined) return;
    const onMessage = (message: ChatMessage) =>
      setMessages((current) =>
        current.some((m) => m.messageId === message.messageId) ? current : [...current, message],
      );
    const onConnect = () =>
      socket.emit('chat:history', { limit: 30 }, (reply: HistoryReply) => {
        if (reply.messages === undefined) return;
        setMessages([...reply.messages].reverse());
        setCursor(reply.nextCursor ?? null);
      });
    socket.on('chat:message', onMessage);
    socket.on('connect', onConnect);
    if (socket.connected) onConnect();
    return () => {
      socket.off('chat:message', onMessage);
      socket.off('connect', onConnect);
    };
  }, [socket]);

  const loadOlder = () =>
    socket?.emit('chat:history', { limit: 30, before: cursor }, (reply: HistoryReply) => {
      if (reply.messages === undefined) return;
      setMessages((current) => [...[...reply.messages!].reverse(), ...current]);
      setCursor(reply.nextCursor ?? null);
    });

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (socket === undefined || text.trim() === '') return;
    socket.emit('chat:message', { text, user }, (reply: { error?: string; message?: string }) =>
      setProblem(reply.error === undefined ? undefined : (reply.message ?? reply.error)),
    );
    setText('');
  };

  return (
    <section className="panel" aria-labelledby="chat-title">
      <div className="panel-head">
        <h2 id="chat-title">Chat</h2>
        <ConnectionBadge state={state} />
      </div>
      {cursor !== null && (
        <button type="button" className="older" onClick={loadOlder}>
          Cargar mensajes anteriores
        </button>
      )}
      <ol className="messages" data-testid="chat-messages">
        {messages.map((message) => (
          <li key={message.messageId} className={message.user === user ? 'own' : 'other'}>
            <span className="who">{message.user}</span>
            <span className="text">{message.text}</span>
            <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          </li>
        ))}
      </ol>
      <form className="composer" onSubmit={send}>
        <input
          aria-label="Mensaje"
          placeholder={`Escribí como ${user}…`}
          value={text}
          maxLength={2000}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" disabled={state !== 'connected'}>
          Enviar
        </button>
      </form>
      {problem !== undefined && <p className="error">{problem}</p>}
    </section>
  );
}
