import type { ChangeEvent, ComponentProps, FocusEvent, ReactNode } from 'react';
import { useController, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { SelectField, TextArea, TextField } from './components';

type Element = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
type Handlers<E extends Element> = {
  onChange?: (event: ChangeEvent<E>) => void;
  onBlur?: (event: FocusEvent<E>) => void;
};
type Bound<T extends FieldValues, C, O, P> = Omit<P, 'value' | 'defaultValue'> & {
  control: Control<T, C, O>;
  path: FieldPath<T>;
};

/**
 * A field component of ./components bound to a react-hook-form field (a string): its value,
 * its changes and its blur (which marks it touched). `path` is the form's field; the element's
 * own `name` attribute stays the caller's, and `onChange`/`onBlur` still run after the form's.
 */
function bound<E extends Element, P extends Handlers<E> & { value?: unknown }>(Field: (props: P) => ReactNode) {
  return function BoundField<T extends FieldValues, C, O>({
    control,
    path,
    onChange,
    onBlur,
    ...props
  }: Bound<T, C, O, P>): ReactNode {
    const { field } = useController({ control, name: path });
    const handlers: Handlers<E> & { value: string } = {
      value: field.value as string,
      onChange: (event) => {
        field.onChange(event.target.value);
        onChange?.(event);
      },
      onBlur: (event) => {
        field.onBlur();
        onBlur?.(event);
      },
    };
    return <Field {...(props as unknown as P)} {...handlers} />;
  };
}

export const FormTextField = bound<HTMLInputElement, ComponentProps<typeof TextField>>(TextField);
export const FormTextArea = bound<HTMLTextAreaElement, ComponentProps<typeof TextArea>>(TextArea);
export const FormSelectField = bound<HTMLSelectElement, ComponentProps<typeof SelectField>>(SelectField);
