// Private: the inspector page's markup. Every input has a visible <label>; results go into live regions.

import { presetNames } from '@dsop-guard/rules';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The whole page, with its policy, script and style inline. */
export function pageHtml(parts: {
  readonly csp: string;
  readonly script: string;
  readonly style: string;
}): string {
  const presets = presetNames.map((n) => `<option value="${n}">${n}</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(parts.csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dsop-guard inspect</title>
<style>${parts.style}</style>
</head>
<body>
<header>
  <h1>dsop-guard inspect</h1>
  <p>Decodes and judges a Maskinporten token and an Altinn consent on this machine, with the same code as the
  dsop-guard library. Nothing you paste leaves this page: it loads nothing and sends nothing (see its
  Content-Security-Policy), except a JWKS fetch you ask for.</p>
</header>
<main>
<form id="inputs" novalidate>
  <fieldset>
    <legend>Request</legend>
    <div class="field wide">
      <label for="headers">Request headers</label>
      <textarea id="headers" rows="5" spellcheck="false" autocomplete="off"
        aria-describedby="headers-hint"></textarea>
      <p id="headers-hint" class="hint">Optional: a whole request's headers, one <code>Name: value</code> a line, as a
      log holds them. They are read by the service's transport exactly as the HTTP adapters read them, and fill the
      fields below.</p>
    </div>
    <div class="field">
      <label for="maskinporten">Maskinporten token</label>
      <textarea id="maskinporten" rows="5" spellcheck="false" autocomplete="off"></textarea>
    </div>
    <div class="field">
      <label for="consent">Consent token</label>
      <textarea id="consent" rows="5" spellcheck="false" autocomplete="off"
        aria-describedby="consent-hint"></textarea>
      <p id="consent-hint" class="hint">An Altinn 2 consent token. An Altinn 3 consent travels inside the Maskinporten
      token (<code>authorization_details</code>): leave this empty.</p>
    </div>
    <div class="field">
      <label for="person">Person</label>
      <input id="person" type="password" inputmode="numeric" autocomplete="off" spellcheck="false"
        aria-describedby="person-hint">
      <p id="person-hint" class="hint">The fødselsnummer the request is about (PSU-ID), hidden until you reveal identity numbers.</p>
    </div>
  </fieldset>
  <fieldset>
    <legend>Policy</legend>
    <div class="field">
      <label for="preset">Preset</label>
      <select id="preset">${presets}<option value="">(a policy file)</option></select>
    </div>
    <div class="field">
      <label for="environment">Environment</label>
      <select id="environment"><option value="test">test</option><option value="prod">prod</option></select>
    </div>
    <div class="field">
      <label for="policy-file">Policy file</label>
      <input id="policy-file" type="file" accept=".json,.yaml,.yml,application/json,application/yaml">
    </div>
    <div class="field">
      <label for="altinn3-resource">Altinn 3 resource</label>
      <input id="altinn3-resource" type="text" autocomplete="off" spellcheck="false" aria-describedby="a3-hint">
      <p id="a3-hint" class="hint">With a preset: the service's Altinn 3 resource id (not published; without it an
      Altinn 3 consent is denied).</p>
    </div>
    <div class="field">
      <label for="now">Now</label>
      <input id="now" type="text" inputmode="numeric" autocomplete="off" aria-describedby="now-hint">
      <p id="now-hint" class="hint">Judge as at this time, epoch seconds. Empty: the time of this computer.</p>
    </div>
  </fieldset>
  <fieldset>
    <legend>Keys</legend>
    <div class="field">
      <label for="jwks">JWKS</label>
      <textarea id="jwks" rows="4" spellcheck="false" autocomplete="off" aria-describedby="jwks-hint"></textarea>
      <p id="jwks-hint" class="hint">The Maskinporten issuer's public keys (<code>{"keys": [...]}</code>). Without
      keys no signature is verified and the verdict is never allow.</p>
      <button type="button" id="fetch-jwks" class="secondary">Fetch the issuer's JWKS</button>
    </div>
    <div class="field">
      <label for="consent-jwks">Consent JWKS</label>
      <textarea id="consent-jwks" rows="4" spellcheck="false" autocomplete="off"
        aria-describedby="consent-jwks-hint"></textarea>
      <p id="consent-jwks-hint" class="hint">Altinn's public keys for the Altinn 2 consent token.</p>
      <button type="button" id="fetch-consent-jwks" class="secondary">Fetch Altinn's JWKS</button>
    </div>
    <p id="fetch-status" role="status" class="hint"></p>
  </fieldset>
  <div class="actions">
    <button type="submit" id="inspect">Inspect</button>
    <label class="inline"><input type="checkbox" id="reveal"> Reveal identity numbers</label>
  </div>
</form>
<section id="traps" aria-labelledby="traps-title"><h2 id="traps-title">Traps</h2><div class="body"></div></section>
<section id="verdict" role="region" aria-labelledby="verdict-title" aria-live="polite" aria-busy="false">
  <h2 id="verdict-title">Verdict</h2><div class="body"><p>Paste a token and press Inspect.</p></div>
</section>
<section id="pair" aria-labelledby="pair-title"><h2 id="pair-title">Cross-checks</h2><div class="body"></div></section>
<section id="timeline" aria-labelledby="timeline-title"><h2 id="timeline-title">Time windows</h2><div class="body"></div></section>
<section id="identifiers" aria-labelledby="identifiers-title"><h2 id="identifiers-title">Identifiers</h2><div class="body"></div></section>
<section id="tokens" aria-labelledby="tokens-title"><h2 id="tokens-title">Tokens</h2><div class="body columns"></div></section>
</main>
<script>${parts.script}</script>
</body>
</html>
`;
}
