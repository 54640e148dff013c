import { type RefObject, useLayoutEffect } from 'react';

/**
 * Publishes the top bar's height as the CSS variable `--topbar-height` on the document, so that
 * sticky panels (drawers, the live feed) stay below it: the bar grows a second row of links when
 * they do not fit the window's width.
 */
export function useTopbarHeight(bar: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const el = bar.current;
    if (!el) return;
    const root = document.documentElement;
    const publish = () => root.style.setProperty('--topbar-height', `${el.offsetHeight}px`);
    publish();
    const observer = new ResizeObserver(publish);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--topbar-height');
    };
  }, [bar]);
}
