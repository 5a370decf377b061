/** How to render text for a person: `quiet` keeps only what needs attention; `color` adds ANSI. */
export interface TextStyle {
  readonly quiet: boolean;
  readonly color: boolean;
}

const ANSI = {
  green: "\u001b[32m",
  red: "\u001b[31m",
  yellow: "\u001b[33m",
  dim: "\u001b[2m",
  reset: "\u001b[0m",
};

/** A colour name. */
export type Colour = Exclude<keyof typeof ANSI, "reset">;

/** Wraps text in a colour, or leaves it plain. */
export type Paint = (colour: Colour, text: string) => string;

/** The painter for a style: ANSI colours when `color`, plain text otherwise. */
export function paintWith(color: boolean): Paint {
  return (colour, text) => (color ? `${ANSI[colour]}${text}${ANSI.reset}` : text);
}
