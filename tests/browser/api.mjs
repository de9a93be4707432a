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

// ---- dates, as the app counts and writes them: in Danish time ---------------

/// Today in Denmark, `YYYY-MM-DD`.
export function danishToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(new Date());
}

/// `day` (`YYYY-MM-DD`) moved by `days` (negative: back), `YYYY-MM-DD`.
export function addDays(day, days) {
  const at = new Date(`${day}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

const MONTHS = {
  da: ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};
const WEEKDAYS = {
  da: ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/// `day` as the app writes it: `10. februar 2027` / `10 February 2027`,
/// with the weekday first when asked (`onsdag 10. februar 2027`).
export function spelled(day, lang = 'da', { weekday = false } = {}) {
  const at = new Date(`${day}T12:00:00Z`);
  const [d, m, y] = [at.getUTCDate(), MONTHS[lang][at.getUTCMonth()], at.getUTCFullYear()];
  const date = lang === 'da' ? `${d}. ${m} ${y}` : `${d} ${m} ${y}`;
  return weekday ? `${WEEKDAYS[lang][at.getUTCDay()]} ${date}` : date;
}

/// This year's round as the API opens one today: preparation due today,
/// the first meeting day (a deadline neither past nor after the first
/// meetings), so its meetings can be held from today on.
export const ROUND = (() => {
  const today = danishToday();
  return {
    name: `MUS ${today.slice(0, 4)}`,
    preparation_deadline: today,
    meetings_from: today,
    meetings_until: addDays(today, 45),
  };
})();

/// HR opens this year's round on the shipped classic Danish form; returns the round.
export async function openRound(base, { name = ROUND.name, simultaneous_reveal = false } = {}) {
  const hr = await login(base, HR.email);
  const templates = await api(base, hr, 'GET', 'templates?language=da');
  const classic = templates.body.items.find((t) => t.shipped === 'classic');
  if (!classic) throw new Error(`no classic form: ${JSON.stringify(templates.body)}`);
  const round = await api(base, hr, 'POST', 'rounds', {
    name,
    template_id: classic.id,
    preparation_deadline: ROUND.preparation_deadline,
    meetings_from: ROUND.meetings_from,
    meetings_until: ROUND.meetings_until,
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
