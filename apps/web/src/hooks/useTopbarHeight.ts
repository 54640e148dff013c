import { useCallback, useRef } from 'react';

/**
 * A callback ref for the top bar that publishes its height as the CSS variable `--topbar-height`
 * on the document, so that sticky panels (drawers, the live feed) stay below it: the bar grows a
 * second row of links when they do not fit the window's width. A callback ref, not an effect on a
 * ref object: it follows the element itself, also when the bar mounts after the component (the
 * frame renders nothing until the session is known).
 */
export function useTopbarHeight(): (bar: HTMLElement | null) => void {
  const observer = useRef<ResizeObserver | null>(null);
  return useCallback((bar: HTMLElement | null) => {
    const root = document.documentElement;
    observer.current?.disconnect();
    observer.current = null;
    if (!bar) {
      root.style.removeProperty('--topbar-height');
      return;
    }
    const publish = () => root.style.setProperty('--topbar-height', `${bar.offsetHeight}px`);
    publish();
    observer.current = new ResizeObserver(publish);
    observer.current.observe(bar);
  }, []);
}
