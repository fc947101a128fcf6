// Private: how the page writes a time and a span of time.

export const when = (s: number): string => `${new Date(s * 1000).toISOString().replace('.000Z', 'Z')} (${s})`;

export const span = (s: number): string => {
  const a = Math.abs(s);
  const text =
    a < 120
      ? `${a} s`
      : a < 7200
        ? `${Math.round(a / 60)} min`
        : a < 172_800
          ? `${Math.round(a / 3600)} h`
          : `${Math.round(a / 86_400)} days`;
  return s < 0 ? `${text} ago` : `in ${text}`;
};
