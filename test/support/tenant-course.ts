/** A small but valid tenant course (3 lessons, 8 questions), for tests that need a tenant's own course. */
export function tenantCourse(id: string, title = 'Interne Dienstanweisung Posteingang') {
  const lessons = [1, 2, 3].map((n) => ({ id: `lektion-${n}`, title: `Lektion ${n}`, body: `Inhalt der Lektion ${n}: So bearbeiten wir den Posteingang.` }));
  const questions = Array.from({ length: 8 }, (_, i) => ({
    id: `q${i + 1}`,
    type: 'single' as const,
    lesson: lessons[i % 3]!.id,
    text: `Frage ${i + 1} zum Posteingang?`,
    options: [
      { id: 'a', text: 'Richtige Antwort', correct: true },
      { id: 'b', text: 'Falsche Antwort' },
      { id: 'c', text: 'Auch falsch' },
    ],
    explanation: 'Weil es so in der Dienstanweisung steht.',
  }));
  return {
    id,
    title,
    description: 'Eine kurze interne Schulung zum Posteingang.',
    audience: ['employee'],
    estimatedMinutes: 10,
    passMark: 80,
    attemptsAllowed: 2,
    validityMonths: 12,
    tags: ['intern'],
    language: 'de',
    sources: [],
    lessons,
    questions,
  };
}

/** All answers right (`a`) for {@link tenantCourse}. */
export const allRight = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`q${i + 1}`, ['a']]));
