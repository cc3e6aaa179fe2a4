/** What Field hands to the control it wraps, so the control can wire up its accessibility attributes. */
export interface FieldControl {
  id: string;
  invalid: boolean;
  describedBy: string | undefined;
}
