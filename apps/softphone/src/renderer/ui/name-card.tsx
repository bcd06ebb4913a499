// The caller's name card (Rich Call Data, RFC 9795/9796): shown only when the network verified
// both the caller and the card (`card.verified`); anything else shows no card data at all.
import type { CallerIdentity } from '@eims/phone';

export function NameCard({ identity }: { identity: CallerIdentity }) {
  const card = identity.card;
  if (!card?.verified) return null;
  const name = card.name ?? identity.name;
  return (
    <figure className="name-card" aria-label="Name card">
      {card.photo && isImageUri(card.photo) ? <img className="name-card-photo" src={card.photo} alt={name ? `Photo of ${name}` : 'Caller photo'} /> : null}
      <figcaption>
        {name ? <div className="name-card-name">{name}</div> : null}
        {card.title ? <div className="name-card-title">{card.title}</div> : null}
        {card.department ? <div className="name-card-department">{card.department}</div> : null}
        {card.organization ? <div className="name-card-company">{card.organization}</div> : null}
        {identity.number ? <div className="name-card-number">{identity.number}</div> : null}
      </figcaption>
    </figure>
  );
}

/** Only inline images: a card must not make the phone fetch URLs chosen by the caller. */
function isImageUri(uri: string): boolean {
  return /^data:image\/(png|jpeg|webp|gif|svg\+xml)[;,]/i.test(uri);
}
