// Talking to the REST API from the tests, for what the tests arrange rather
// than what they exercise in the browser (HR opening a round, a second device).
import { DEMO_PASSWORD } from './server.mjs';

export const HR = { email: 'hanne.loevgren@solbakke.example', name: 'Hanne Løvgren' };
export const EMPLOYEE = { email: 'anne.soerensen@solbakke.example', name: 'Anne Sørensen' };
export const MANAGER = { email: 'mette.kjaergaard@solbakke.example', name: 'Mette Kjærgaard' };

export async function api(base, token, method, path, body) {
  const response = await fetch(`${base}/api/v1/${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  return { status: response.status, body: json };
}

export async function login(base, email) {
  const { status, body } = await api(base, null, 'POST', 'auth/login', { email, password: DEMO_PASSWORD });
  if (status !== 200) throw new Error(`login ${email}: ${status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/// HR opens a round on the shipped classic Danish form; returns the round.
export async function openRound(base, { name = 'MUS 2027', simultaneous_reveal = false } = {}) {
  const hr = await login(base, HR.email);
  const templates = await api(base, hr, 'GET', 'templates?language=da');
  const classic = templates.body.items.find((t) => t.shipped === 'classic');
  if (!classic) throw new Error(`no classic form: ${JSON.stringify(templates.body)}`);
  const round = await api(base, hr, 'POST', 'rounds', {
    name,
    template_id: classic.id,
    preparation_deadline: '2027-02-15',
    meetings_from: '2027-02-01',
    meetings_until: '2027-03-31',
    simultaneous_reveal,
  });
  if (round.status !== 201) throw new Error(`open round: ${round.status} ${JSON.stringify(round.body)}`);
  return round.body;
}

/// The conversation of `email` as employee in the newest round.
export async function ownConversation(base, email) {
  const token = await login(base, email);
  const list = await api(base, token, 'GET', 'conversations');
  const me = await api(base, token, 'GET', 'me');
  const conversation = list.body.find((c) => c.employee.id === me.body.id);
  if (!conversation) throw new Error(`no conversation for ${email}`);
  return { token, conversation };
}
