import type { ActionState } from "@/lib/forms";
import { sizedPhotoUrl } from "@/lib/images/sizes";
import { ActionForm } from "./action-form";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export type PhotoGroup = {
  label: string;
  photos: Array<{ id: string; url: string; alt: string; contentType: string; bytes: number }>;
};

type Props = { groups: PhotoGroup[]; moveAction: Action; removeAction: Action };

const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

/** A product's photos by colour, in the order the shop will show them, each with its controls. */
export function ProductPhotos({ groups, moveAction, removeAction }: Props) {
  return groups.map((group) => (
    <section key={group.label} className="admin-photos" aria-label={`Photos: ${group.label}`}>
      <h3>{group.label} <span className="muted">({group.photos.length})</span></h3>
      {group.photos.length === 0 ? <p className="muted">No photos yet.</p> : (
        <ol className="admin-photos__list">
          {group.photos.map((photo, index) => (
            <li key={photo.id}>
              <figure>
                {/* eslint-disable-next-line @next/next/no-img-element -- served ready-sized by our own route (lib/images/sizes.ts) */}
                <img src={sizedPhotoUrl(photo.url, 480)} alt={photo.alt} width={160} height={200} loading="lazy" />
                <figcaption>
                  {group.label}, photo {index + 1} of {group.photos.length} <span className="muted">· {photo.contentType.replace("image/", "").toUpperCase()}, {kilobytes(photo.bytes)}</span>
                </figcaption>
              </figure>
              <div className="admin-photos__actions" role="group" aria-label={`${group.label}, photo ${index + 1}`}>
                {index > 0 ? <MoveForm action={moveAction} id={photo.id} direction="earlier" /> : null}
                {index < group.photos.length - 1 ? <MoveForm action={moveAction} id={photo.id} direction="later" /> : null}
                <ActionForm action={removeAction} className="admin-form--inline" submitLabel="Remove" pendingLabel="Removing…" tone="danger">
                  <input type="hidden" name="imageId" value={photo.id} />
                </ActionForm>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  ));
}

function MoveForm({ action, id, direction }: { action: Action; id: string; direction: "earlier" | "later" }) {
  return (
    <ActionForm action={action} className="admin-form--inline" submitLabel={direction === "earlier" ? "Move earlier" : "Move later"} pendingLabel="Moving…">
      <input type="hidden" name="imageId" value={id} />
      <input type="hidden" name="direction" value={direction} />
    </ActionForm>
  );
}
