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

export function starterScenarioText(name: string): string {
  return `${JSON.stringify({ ...STARTER_SCENARIO, name }, null, 2)}\n`;
}
