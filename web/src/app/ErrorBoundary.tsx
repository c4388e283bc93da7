/** Keeps a page's rendering failure inside the page, with its message, instead of a blank portal. */
import { Component, type ReactNode } from "react";
import { ErrorNote } from "../ui";

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    return this.state.error ? <ErrorNote error={this.state.error.message} /> : this.props.children;
  }
}
