/**
 * ISBAR (Identify, Situation, Background, Assessment, Recommendation): the five fields of a
 * structured clinical handover, shared by consultation summaries, advice requests and emergency
 * calls. The text is clinical: it never goes into a message, job or log.
 */

export const ISBAR_FIELDS = ['identification', 'situation', 'background', 'assessment', 'recommendation'] as const;
export type IsbarField = (typeof ISBAR_FIELDS)[number];

/** ISBAR notes with every field written (empty when not filled in). */
export type Isbar = { [F in IsbarField]: string };
