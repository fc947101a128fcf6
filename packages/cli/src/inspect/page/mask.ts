// Private: identity numbers as the page shows them: masked, unless the user chose to reveal them.

let reveal = false;

/** Whether `mask` leaves identity numbers as they are (the page's "Reveal identity numbers"). */
export function setReveal(on: boolean): void {
  reveal = on;
}

/** Every run of eleven digits (a fødselsnummer, D-, H- or synthetic number) masked but its last two. */
export const mask = (text: string): string =>
  reveal ? text : text.replace(/(?<!\d)\d{9}(\d{2})(?!\d)/g, (_, tail: string) => `*********${tail}`);
