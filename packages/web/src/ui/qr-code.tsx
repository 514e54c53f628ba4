/** A QR code of a link, drawn on the device (the `qrcode` package); nothing about it leaves the page. */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

export function QrCode({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    void QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 240, color: { dark: '#111111', light: '#ffffff' } }).then(
      (url) => !cancelled && setSrc(url),
    );
    return () => {
      cancelled = true;
    };
  }, [text]);
  return src ? (
    <img className="qr" src={src} width={240} height={240} alt={label} />
  ) : (
    <div className="qr placeholder" aria-hidden="true" />
  );
}
