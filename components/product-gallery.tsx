"use client";

import { useTranslations } from "next-intl";
import { useState, type MouseEvent } from "react";
import { LARGE_PHOTO_SIZES, largePhotoSrcSet, sizedPhotoUrl } from "@/lib/images/sizes";

type Photo = { url: string; alt: string };

type Props = {
  photos: Photo[];
  /** For each photo, the page with it shown: the thumbnails are links, so they work without JavaScript. */
  hrefs: string[];
  /** Index of the photo the page opened on. */
  initial: number;
  /** Said over the photo when it is not of the chosen colour ("Shown in White"). */
  caption: string | null;
};

/** The chosen colour's photos: a large one and thumbnails that swap it in place (or load the page with it, without JavaScript). */
export function ProductGallery({ photos, hrefs, initial, caption }: Props) {
  const t = useTranslations("catalog");
  const [current, setCurrent] = useState(initial);
  const main = photos[current] ?? photos[0];
  if (!main) return null;

  function show(event: MouseEvent<HTMLAnchorElement>, index: number) {
    // A new tab or window keeps the browser's own behaviour.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setCurrent(index);
    window.history.replaceState(null, "", hrefs[index]);
  }

  return (
    <div className="gallery" data-testid="gallery">
      <figure className="gallery__main">
        {/* eslint-disable-next-line @next/next/no-img-element -- photos are served ready-sized from /images (lib/images/sizes.ts) */}
        <img
          src={sizedPhotoUrl(main.url, 800)}
          srcSet={largePhotoSrcSet(main.url)}
          sizes={LARGE_PHOTO_SIZES}
          alt={main.alt}
          width={800}
          height={1000}
          fetchPriority="high"
          data-testid="gallery-main"
        />
        {caption ? <figcaption className="gallery__caption">{caption}</figcaption> : null}
      </figure>
      {photos.length > 1 ? (
        <ul className="gallery__thumbs" aria-label={t("photos")}>
          {photos.map((photo, index) => (
            <li key={photo.url}>
              <a
                href={hrefs[index]}
                aria-current={index === current ? "true" : undefined}
                aria-label={t("photoLabel", { index: index + 1, count: photos.length, alt: photo.alt })}
                onClick={(event) => show(event, index)}
              >
                {/* Lazy and low: on a slow connection the large photo (the page's largest paint) gets the bandwidth first. */}
                {/* eslint-disable-next-line @next/next/no-img-element -- served ready-sized from /images */}
                <img src={sizedPhotoUrl(photo.url, 240)} alt="" width={80} height={100} loading="lazy" fetchPriority="low" />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
