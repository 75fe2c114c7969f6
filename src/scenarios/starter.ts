/** The file New Scenario writes: the whole exchange of a reservation, STOP included, ready to run. */
export const STARTER_SCENARIO = {
  name: 'Reservation, reply, STOP',
  line: '4257772300',
  contact: '+12065550100',
  steps: [
    { event: 'receive', body: 'Do you have tables at 7?', expect: { status: '2xx', withinMs: 5000 } },
    { event: 'send', body: 'Yes, see you then!', as: 'reply' },
    { event: 'progress', of: 'reply', statusCode: [1, 2, 4] },
    { event: 'read', of: 'reply' },
    { event: 'change', type: 'optout', body: 'STOP', expect: { status: '2xx' } },
    { event: 'delete', of: 'reply', delayMs: 200 },
  ],
} as const;

/** One step per line, as the file is easiest to read and edit. */
export function starterScenarioText(name: string): string {
  const steps = STARTER_SCENARIO.steps.map((step) => `    ${JSON.stringify(step).replace(/":/g, '": ').replace(/,"/g, ', "')}`).join(',\n');
  return `{\n  "name": ${JSON.stringify(name)},\n  "line": "${STARTER_SCENARIO.line}",\n  "contact": "${STARTER_SCENARIO.contact}",\n  "steps": [\n${steps}\n  ]\n}\n`;
}
