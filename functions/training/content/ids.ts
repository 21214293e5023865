/**
 * The id patterns of course content, on their own: request schemas of the learning routes validate path ids with
 * them without loading the course schema (`schema.ts`).
 */

/** Course ids appear in keys and URLs: a lower-case slug, never `#`. */
export const COURSE_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Lesson, question and option ids appear in URLs and field paths: letters, digits, `-` and `_`. */
export const ITEM_ID_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;
