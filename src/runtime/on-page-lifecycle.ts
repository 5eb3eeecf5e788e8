export interface PageLifecycleHandlers {
  /** The page is hidden for good or frozen (`pagehide`, `freeze`). */
  left(): void;
  /** The page is back (`pageshow`, `resume`): it may have missed events meanwhile. */
  back(): void;
  /** `visibilitychange`: hidden (the last moment a write is sure to run) or visible. */
  visibility(hidden: boolean): void;
}

/** Listens to the page's lifecycle; returns the function that stops listening. Nothing outside a page. */
export function onPageLifecycle(handlers: PageLifecycleHandlers): () => void {
  if (typeof window === 'undefined' || typeof document === 'undefined') return () => undefined;
  const left = () => handlers.left();
  const back = () => handlers.back();
  const visibility = () => handlers.visibility(document.visibilityState === 'hidden');
  const listeners: [EventTarget, string, () => void][] = [
    [window, 'pagehide', left], [window, 'pageshow', back], [document, 'visibilitychange', visibility],
    [document, 'freeze', left], [document, 'resume', back],
  ];
  for (const [target, type, listener] of listeners) target.addEventListener(type, listener);
  return () => {
    for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
  };
}
