/** Small building blocks: a refusal shown with its DIS code, labelled fields, a confirmation step, data loading. */
import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { DisRefusal } from "../api";

/** A refused or failed call as the page shows it: `DIS.4116 …` for the service's refusals. */
export function problemOf(error: unknown): string {
  if (error instanceof DisRefusal) return `${error.code} ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export function Problem({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  return (
    <p class="problem" role="alert">
      {problemOf(error)}
    </p>
  );
}

export function Field({ label, hint, children }: { label: string; hint?: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span class="label">{label}</span>
      {children}
      {hint && <span class="hint">{hint}</span>}
    </label>
  );
}

/** Loads with `load` now, again when `deps` change, and every `refreshMs` when given. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], refreshMs?: number) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(load);
  latest.current = load;
  const reload = useCallback(async () => {
    try {
      setData(await latest.current());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void reload();
    if (!refreshMs) return;
    const timer = setInterval(() => void reload(), refreshMs);
    return () => clearInterval(timer);
  }, deps);
  return { data, error, reload };
}

/** Runs an action, keeping its refusal to show; resolves true when it succeeded. */
export function useAction() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, error, busy, setError };
}

/** A button that asks once more ("Delete stream x? Type its name") before it acts. */
export function ConfirmButton({ label, confirmText, onConfirm }: { label: string; confirmText: string; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState("");
  if (!asking) {
    return (
      <button type="button" class="danger" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm">
      <Field label={`Type ${confirmText} to confirm`}>
        <input value={typed} onInput={(e) => setTyped(e.currentTarget.value)} aria-label="confirmation" />
      </Field>
      <button type="button" class="danger" disabled={typed !== confirmText} onClick={() => onConfirm()}>
        Confirm
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
