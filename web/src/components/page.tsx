import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/**
 * Every page: one h1, the document title "<page> – <site>", and — after an in-app navigation — the focus on the h1,
 * so that screen-reader and keyboard users learn that the page changed (WCAG 2.4.3, 4.1.3).
 */
let firstRender = true;

export function Page({ title, children, lead }: { title: string; children?: ComponentChildren; lead?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – OpenKreis`;
    if (firstRender) firstRender = false;
    else heading.current?.focus();
  }, [title]);
  return (
    <>
      <h1 class="kern-heading-large" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {lead && <p class="kern-body kern-body--large ok-lead">{lead}</p>}
      {children}
    </>
  );
}
