import { useCallback, useEffect, useState } from "preact/hooks";
import { callApi } from "./api";

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
  /** Asks again (after an accept or a reject). */
  reload(): void;
}

/** The answer to GET `path` (nothing asked while `path` is undefined); a newer path wins over an older answer. */
export function useApi<T>(path: string | undefined): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: !!path });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!path) return;
    let current = true;
    setState((before) => ({ ...before, loading: true }));
    callApi<T>(path).then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState({ error: error.message, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [path, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
