import Link from "next/link";

type Props = {
  page: number;
  pageCount: number;
  /** The link to another page of the same list, filters kept. */
  href: (page: number) => string;
  label: string;
};

/** Previous and next links for a paged list, with where the reader is. */
export function Pager({ page, pageCount, href, label }: Props) {
  if (pageCount <= 1 && page <= 1) return null;
  return (
    <nav className="admin-pager" aria-label={label}>
      {page > 1 ? <Link href={href(Math.min(page - 1, pageCount))} rel="prev">← Previous</Link> : <span />}
      <span className="muted">Page {page} of {Math.max(pageCount, 1)}</span>
      {page < pageCount ? <Link href={href(page + 1)} rel="next">Next →</Link> : <span />}
    </nav>
  );
}
