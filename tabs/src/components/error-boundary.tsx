/**
 * Catches a screen that fails to load or render (typically a chunk that vanished after a new
 * deployment) and offers a reload instead of a blank page.
 */
import { Component, type ReactNode } from 'react';
import { ErrorState } from './states';

interface Props {
  readonly title: string;
  readonly message: string;
  readonly reloadLabel: string;
  readonly children: ReactNode;
}

export class ScreenErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('Samrom: a screen failed', error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return <ErrorState title={this.props.title} message={this.props.message} retryLabel={this.props.reloadLabel} onRetry={() => window.location.reload()} />;
  }
}
