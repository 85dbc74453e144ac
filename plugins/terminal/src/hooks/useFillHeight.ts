import { useLayoutEffect, useRef, useState } from 'react';

/**
 * The height from an element's top to the bottom of the window, so a terminal
 * uses the whole page below the header, and follows the window's size.
 */
export function useFillHeight<T extends HTMLElement>(minHeight = 360) {
  const ref = useRef<T>(null);
  const [height, setHeight] = useState<number>();

  useLayoutEffect(() => {
    const measure = () => {
      const top = ref.current?.getBoundingClientRect().top ?? 0;
      setHeight(Math.max(minHeight, Math.floor(window.innerHeight - top)));
    };
    measure();
    // The header settles (breadcrumbs, actions) after the first paint.
    const frame = requestAnimationFrame(measure);
    window.addEventListener('resize', measure);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', measure);
    };
  }, [minHeight]);

  return { ref, height };
}
