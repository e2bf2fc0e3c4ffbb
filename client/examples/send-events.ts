import { SdpClient } from '../sdp-client.ts';

// The local platform (`npm start`); on AWS: { ingestionUrl, reportsUrl, predictionsUrl } from the stack outputs.
const client = new SdpClient({ target: { url: process.argv[2] ?? 'http://localhost:3000' } });

const sent = await client.send('bid', [
  { tx_id: 'tx-1', campaign_item_id: 1463517, app_uid: 'u-1', domain: 'www.google.com', win_price: 1500000 },
  { tx_id: 'tx-2', campaign_item_id: 1463517, app_uid: 'u-2' },
]);
// A 207 is retried for exactly the events it lists, a 429 or 503 with backoff; what is left after the
// last attempt is in `failures`, by index in the array sent.
console.log(`${sent.accepted} stored, ${sent.failures.length} not, in ${sent.attempts} requests`);

const report = await client.report(1463517, { granularity: 'hour' });
console.log(report.totals);
client.close();
