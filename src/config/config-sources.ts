/** Where a setting came from, so that an error can say where to fix it. */
export type ConfigSource = '.env' | 'environment' | 'flag';

export interface RawSetting {
  readonly value: string;
  readonly source: ConfigSource;
}

export type RawSettings = Readonly<Record<string, RawSetting>>;

/** Layers settings: later layers win, as `.env` < environment < flags. */
export function mergeSettings(
  layers: ReadonlyArray<{ source: ConfigSource; values: Readonly<Record<string, string | undefined>> }>,
  keys: readonly string[],
): RawSettings {
  const merged: Record<string, RawSetting> = {};
  for (const { source, values } of layers) {
    for (const key of keys) {
      const value = values[key];
      if (value !== undefined) merged[key] = { value, source };
    }
  }
  return merged;
}
