import { answered, type Prompter } from '../../prompts/prompter';

/** Asks whether the message text goes into a file as it is; phone numbers are always masked there. */
export async function askKeepText(prompter: Prompter, title: string, step: number, totalSteps: number): Promise<boolean> {
  return answered(
    await prompter.pick<boolean>({
      title,
      step,
      totalSteps,
      placeholder: 'Message texts are personal data. Phone numbers are masked either way (the same number, the same mask).',
      items: [
        { label: 'Mask the message text', description: 'Recommended; opt-out words such as STOP stay', value: false },
        { label: 'Keep the message text', description: "Your handler's logic needs the words", value: true },
      ],
      active: false,
    }),
  );
}
