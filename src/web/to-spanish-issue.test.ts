import { describe, expect, it } from 'vitest';
import { toSpanishIssue } from './to-spanish-issue.js';

describe('toSpanishIssue', () => {
  it('translates the reasons the server gives, keeping their values', () => {
    expect(toSpanishIssue('must be an email address, got "no-es-un-email"')).toBe(
      'debe ser una dirección de email (se recibió "no-es-un-email")',
    );
    expect(toSpanishIssue('must be greater than 0, got 0')).toBe('debe ser mayor que 0 (se recibió 0)');
    expect(toSpanishIssue('customer_name must be at most 200 characters')).toBe(
      'debe tener 200 caracteres como máximo',
    );
    expect(toSpanishIssue('is required')).toBe('es obligatorio');
  });

  it('shows a reason it does not know as the server wrote it', () => {
    expect(toSpanishIssue('must be sent once')).toBe('must be sent once');
  });
});
