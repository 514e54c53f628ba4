/**
 * Photos with one partner: take or pick one, see it resized (longest side 2048 px, JPEG), add a caption
 * and share it — the client strips its metadata and pins it at the coarser of this bond's `moments` and
 * `location` levels (exact, an area, or no place) — and every photo both ways, newest first. Received ones
 * are on the map too.
 */

import { MOMENT_CAPTION_MAX, type MomentMessage, momentPinLevel } from '@entwine/core';
import { type ChangeEvent, useEffect, useState } from 'react';
import { type ResizedPhoto, resizePhoto } from '../adapters/resize-photo.ts';
import { navigate } from '../app/route.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { formatCoordinates, formatDistance, formatTime } from '../ui/format.ts';
import { levelName } from '../ui/shield-words.ts';

export function describePlace(place: MomentMessage['place']): string {
  switch (place.level) {
    case 'none':
      return 'no place';
    case 'exact':
      return `at ${formatCoordinates(place.lat, place.lon)}`;
    default:
      return `${place.level} area · within ${formatDistance(place.radius)} of ${formatCoordinates(place.lat, place.lon)}`;
  }
}

type Picked = ResizedPhoto & { url: string; name: string };

export function MomentsScreen({ bondId }: { bondId: string }) {
  const session = useSession();
  const snap = useSnapshot();
  const bond = snap.bonds.find((b) => b.bondId === bondId);
  const [picked, setPicked] = useState<Picked | undefined>(undefined);
  const [caption, setCaption] = useState('');
  const pick = useAction(async (file: File) => {
    const resized = await resizePhoto(file);
    const url = URL.createObjectURL(new Blob([resized.bytes as Uint8Array<ArrayBuffer>], { type: resized.mime }));
    setPicked({ ...resized, url, name: file.name });
  });
  const share = useAction(async (photo: Picked) => {
    const at = snap.me ? { lat: snap.me.lat, lon: snap.me.lon } : undefined;
    await session.shareMoment(bondId, {
      bytes: photo.bytes,
      width: photo.width,
      height: photo.height,
      ...(caption.trim() ? { caption: caption.trim() } : {}),
      ...(at ? { at } : {}),
    });
    setPicked(undefined);
    setCaption('');
  });
  useEffect(() => () => picked && URL.revokeObjectURL(picked.url), [picked]);

  if (bond?.status !== 'active') {
    return (
      <section aria-labelledby="moments-title">
        <h1 id="moments-title">No moments here</h1>
        <p>This bond is not active.</p>
      </section>
    );
  }
  const level = bond.levels.moments;
  const moments = snap.moments[bondId] ?? [];
  // A photo is never pinned finer than the location this partner gets (the client enforces it; this says it).
  const pin = momentPinLevel({ moments: level, location: bond.levels.location });
  const where =
    level === 'hidden' || level === 'frozen'
      ? undefined
      : pin === 'none'
        ? `with no place, since your location is ${bond.levels.location} for ${bond.name}`
        : !snap.me
          ? 'with the last place your device knew, or none (your location is off)'
          : pin === 'exact'
            ? 'at your exact position'
            : `to an area around you: ${levelName('moments', pin).toLowerCase()}, never the point`;
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void pick.act(file);
  };

  return (
    <section aria-labelledby="moments-title" className="moments-screen">
      <button type="button" className="link back" onClick={() => navigate({ name: 'bond', bondId })}>
        ← <bdi>{bond.name}</bdi>
      </button>
      <h1 id="moments-title">
        Moments with <bdi>{bond.name}</bdi>
      </h1>
      {where ? (
        <div className="moment-new">
          <div className="row">
            <label className="file-button">
              📷 Take a photo
              <input type="file" accept="image/*" capture="environment" onChange={onFile} className="visually-hidden" />
            </label>
            <label className="file-button">
              🖼 Choose a photo
              <input type="file" accept="image/*" onChange={onFile} className="visually-hidden" data-testid="moment-file" />
            </label>
          </div>
          {pick.busy && <p aria-busy="true">Preparing the photo…</p>}
          <FailureMessage error={pick.error} />
          {picked && (
            <figure className="moment-preview">
              <img src={picked.url} alt={`Ready to share: ${picked.name}`} width={picked.width} height={picked.height} />
              <figcaption className="hint">
                {picked.width} × {picked.height} px, {Math.round(picked.bytes.length / 1024)} KiB; its metadata (camera, time, GPS) is
                removed before it is sealed.
              </figcaption>
            </figure>
          )}
          <label htmlFor="moment-caption">Caption (optional)</label>
          <input
            id="moment-caption"
            type="text"
            maxLength={MOMENT_CAPTION_MAX}
            value={caption}
            onChange={(e) => setCaption(e.target.value)}
          />
          <p className="hint">Pinned {where}.</p>
          <FailureMessage error={share.error} sending={{ facet: 'moments', name: bond.name }} />
          <button type="button" className="primary" disabled={!picked || share.busy} onClick={() => picked && void share.act(picked)}>
            {share.busy ? 'Sharing…' : `Share with ${bond.name}`}
          </button>
        </div>
      ) : (
        <p className="hint">
          You do not share moments with <bdi>{bond.name}</bdi>.{' '}
          <button type="button" className="link" onClick={() => navigate({ name: 'sharing' })}>
            Change that in Sharing
          </button>
        </p>
      )}
      <h2>Shared photos</h2>
      {moments.length === 0 && <p className="hint">None yet.</p>}
      <ul className="moments" aria-label={`Photos with ${bond.name}`}>
        {moments.map((m) => (
          <li key={`${m.from}/${m.id}`} data-from={m.from} data-moment-id={m.id} data-place-level={m.header.place.level}>
            <figure>
              <img
                src={m.url}
                alt={m.header.caption ?? (m.from === 'me' ? `Your moment for ${bond.name}` : `${bond.name}’s moment`)}
                loading="lazy"
                {...(m.header.width && m.header.height ? { width: m.header.width, height: m.header.height } : {})}
              />
              <figcaption>
                <strong>{m.from === 'me' ? 'You' : bond.name}</strong>
                {m.header.caption && (
                  <>
                    {' · '}
                    <bdi>{m.header.caption}</bdi>
                  </>
                )}
                <span className="hint">
                  {' '}
                  · {formatTime(m.header.ts)} · {describePlace(m.header.place)}
                </span>{' '}
                <a href={m.url} download={`entwine-${m.id}.${m.header.mime.split('/')[1]}`} className="save">
                  Save
                </a>
              </figcaption>
            </figure>
          </li>
        ))}
      </ul>
    </section>
  );
}
