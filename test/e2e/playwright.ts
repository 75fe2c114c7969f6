// The subset of the playwright-core 1.65 API that the e2e scenarios use, typed here because playwright-core is
// not a dependency of the repository: it lives in the harness cache (test/scripts/setup-harness.sh) and is loaded at
// run time by workbench.ts. Add members here (same names and signatures as playwright-core's) when you need them.

export interface LocatorOptions {
  hasText?: string | RegExp;
  hasNotText?: string | RegExp;
  has?: Locator;
}

export interface TimeoutOption {
  timeout?: number;
}

export interface Locator {
  click(
    options?: TimeoutOption & {
      button?: 'left' | 'right' | 'middle';
      clickCount?: number;
      force?: boolean;
      position?: { x: number; y: number };
    },
  ): Promise<void>;
  dblclick(options?: TimeoutOption): Promise<void>;
  hover(options?: TimeoutOption): Promise<void>;
  fill(value: string, options?: TimeoutOption): Promise<void>;
  press(key: string, options?: TimeoutOption): Promise<void>;
  pressSequentially(text: string, options?: TimeoutOption & { delay?: number }): Promise<void>;
  focus(options?: TimeoutOption): Promise<void>;
  waitFor(options?: TimeoutOption & { state?: 'attached' | 'detached' | 'visible' | 'hidden' }): Promise<void>;
  isVisible(): Promise<boolean>;
  count(): Promise<number>;
  first(): Locator;
  last(): Locator;
  nth(index: number): Locator;
  all(): Promise<Locator[]>;
  locator(selector: string, options?: LocatorOptions): Locator;
  filter(options: LocatorOptions & { visible?: boolean }): Locator;
  or(locator: Locator): Locator;
  and(locator: Locator): Locator;
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): Locator;
  getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
  textContent(options?: TimeoutOption): Promise<string | null>;
  innerText(options?: TimeoutOption): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  inputValue(options?: TimeoutOption): Promise<string>;
  getAttribute(name: string, options?: TimeoutOption): Promise<string | null>;
  screenshot(options?: TimeoutOption & { path?: string }): Promise<Buffer>;
}

export interface Keyboard {
  press(key: string, options?: { delay?: number }): Promise<void>;
  type(text: string, options?: { delay?: number }): Promise<void>;
  insertText(text: string): Promise<void>;
  down(key: string): Promise<void>;
  up(key: string): Promise<void>;
}

export interface ConsoleMessage {
  type(): string;
  text(): string;
}

export interface Page {
  goto(url: string, options?: TimeoutOption & { waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' | 'commit' }): Promise<unknown>;
  reload(options?: TimeoutOption & { waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' | 'commit' }): Promise<unknown>;
  url(): string;
  title(): Promise<string>;
  locator(selector: string, options?: LocatorOptions): Locator;
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): Locator;
  getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
  keyboard: Keyboard;
  screenshot(options?: TimeoutOption & { path?: string; fullPage?: boolean }): Promise<Buffer>;
  waitForTimeout(ms: number): Promise<void>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  on(event: 'console', listener: (message: ConsoleMessage) => void): Page;
  on(event: 'pageerror', listener: (error: Error) => void): Page;
  on(event: 'crash' | 'close', listener: () => void): Page;
  setDefaultTimeout(ms: number): void;
  close(): Promise<void>;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  pages(): Page[];
  close(): Promise<void>;
  grantPermissions(permissions: string[], options?: { origin?: string }): Promise<void>;
}

export interface Browser {
  newContext(options?: { viewport?: { width: number; height: number } | null; deviceScaleFactor?: number }): Promise<BrowserContext>;
  close(): Promise<void>;
  version(): string;
}
