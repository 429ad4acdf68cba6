//! How the arguments and values of the store's calls travel in [`Request`] and
//! [`Answer`]: the conversions the generated client (`remote_calls!`) and dispatch
//! (`dispatch_calls!`) apply to every argument and value, so neither names a type.
//!
//! A message owns its values: a borrowed record (`&Case`) travels as a copy, boxed where
//! it is large (`Box<Case>`), a `&str` as a `String`, a `usize` as a `u64`, and anything
//! else as it is. An answer's optional record is `Option<Box<T>>`; a record that is always
//! there (`create_case`'s) travels in that shape too, and its absence is an unexpected
//! answer.
//!
//! [`Request`]: super::Request
//! [`Answer`]: super::Answer

/// A value as the message that carries it holds it (the client's arguments, the
/// service's answers).
pub(crate) trait ToWire<W> {
    fn to_wire(self) -> W;
}

impl<T> ToWire<T> for T {
    fn to_wire(self) -> T {
        self
    }
}

impl<T: Clone> ToWire<Box<T>> for &T {
    fn to_wire(self) -> Box<T> {
        Box::new(self.clone())
    }
}

impl<T> ToWire<Box<T>> for T {
    fn to_wire(self) -> Box<T> {
        Box::new(self)
    }
}

impl ToWire<String> for &str {
    fn to_wire(self) -> String {
        self.to_owned()
    }
}

impl ToWire<u64> for usize {
    fn to_wire(self) -> u64 {
        u64::try_from(self).unwrap_or(u64::MAX)
    }
}

impl<T> ToWire<Option<Box<T>>> for Option<T> {
    fn to_wire(self) -> Option<Box<T>> {
        self.map(Box::new)
    }
}

impl<T> ToWire<Option<Box<T>>> for T {
    fn to_wire(self) -> Option<Box<T>> {
        Some(Box::new(self))
    }
}

/// An argument of a store call, from the request that carries it (the service's side).
pub(crate) trait FromWire<'a, W> {
    fn from_wire(wire: &'a W) -> Self;
}

impl<'a, T: Copy> FromWire<'a, T> for T {
    fn from_wire(wire: &'a T) -> T {
        *wire
    }
}

impl<'a, T> FromWire<'a, Box<T>> for &'a T {
    fn from_wire(wire: &'a Box<T>) -> &'a T {
        wire
    }
}

/// An argument taken by value (`add_handoff`'s).
impl<'a, T: Clone> FromWire<'a, Box<T>> for T {
    fn from_wire(wire: &'a Box<T>) -> T {
        T::clone(wire)
    }
}

impl<'a> FromWire<'a, String> for &'a str {
    fn from_wire(wire: &'a String) -> &'a str {
        wire
    }
}

impl<'a> FromWire<'a, u64> for usize {
    fn from_wire(wire: &'a u64) -> usize {
        usize::try_from(*wire).unwrap_or(usize::MAX)
    }
}

/// A call's value, from the answer that carries it (the client's side); None when the
/// answer cannot be one (an unexpected answer).
pub(crate) trait FromAnswer<W>: Sized {
    fn from_answer(wire: W) -> Option<Self>;
}

impl<T> FromAnswer<T> for T {
    fn from_answer(wire: T) -> Option<T> {
        Some(wire)
    }
}

impl<T> FromAnswer<Box<T>> for T {
    fn from_answer(wire: Box<T>) -> Option<T> {
        Some(*wire)
    }
}

impl<T> FromAnswer<Option<Box<T>>> for Option<T> {
    fn from_answer(wire: Option<Box<T>>) -> Option<Option<T>> {
        Some(wire.map(|b| *b))
    }
}

impl<T> FromAnswer<Option<Box<T>>> for T {
    fn from_answer(wire: Option<Box<T>>) -> Option<T> {
        wire.map(|b| *b)
    }
}

impl FromAnswer<u64> for usize {
    fn from_answer(wire: u64) -> Option<usize> {
        usize::try_from(wire).ok()
    }
}

/// The answer that carries a call's value: `answer_of!(Unit)` or `answer_of!(Variant)`
/// is the function from the value to its [`Answer`](super::Answer).
macro_rules! answer_of {
    (Unit) => {
        |()| $crate::service::protocol::Answer::Unit
    };
    ($answer:ident) => {
        |value| {
            $crate::service::protocol::Answer::$answer($crate::service::protocol::wire::ToWire::to_wire(
                value,
            ))
        }
    };
}
pub(crate) use answer_of;

/// The call's value in `answer` if it is the declared variant, else None.
macro_rules! value_of {
    ($answer:expr, Unit) => {
        match $answer {
            $crate::service::protocol::Answer::Unit => Some(()),
            _ => None,
        }
    };
    ($answer:expr, $variant:ident) => {
        match $answer {
            $crate::service::protocol::Answer::$variant(value) => {
                $crate::service::protocol::wire::FromAnswer::from_answer(value)
            }
            _ => None,
        }
    };
}
pub(crate) use value_of;

/// An argument of a store call in the service's dispatch: from the request's field of the
/// same name, or (`= LOCAL` in the declaration) the service's own value.
macro_rules! arg_of {
    ($arg:ident) => {
        $crate::service::protocol::wire::FromWire::from_wire($arg)
    };
    ($arg:ident = $local:expr) => {
        $local
    };
}
pub(crate) use arg_of;
