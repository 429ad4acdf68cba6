//! One request carried out on the caller's store, and which failures go to the log.

use super::protocol::wire::arg_of;
use super::protocol::{Answer, Request, Response, WireError};
use crate::store::{Store, StoreError};

/// Store failures that point at the service's own health go to the log; a caller's
/// missing record or refused key does not.
pub(super) fn log_store_error(uid: u32, name: &str, e: &WireError) {
    let kind = match e {
        WireError::Io { kind, .. } => format!("i/o error ({kind:?})"),
        WireError::Backend { .. } => "backend error".into(),
        WireError::Corrupt { what, .. } => format!("corrupt {what}"),
        WireError::Unavailable { .. } => "store unavailable".into(),
        _ => return,
    };
    super::server::log(format_args!("uid {uid}: {name}: {kind}"));
}

/// Carry out one request on the caller's store.
pub(super) fn dispatch(store: &dyn Store, request: Request) -> Response {
    // The one intake validation (domain::validate): a client is never trusted with it.
    let case = match &request {
        Request::CreateCase(c) | Request::PutCase(c) | Request::RestoreCase(c) => Some(c.as_ref()),
        _ => None,
    };
    if let Some(Err(e)) = case.map(|c| crate::domain::validate::validate_case(c, None)) {
        return Response::Err(WireError::Service {
            message: format!("invalid case: {e}"),
        });
    }
    match call(store, &request) {
        Ok(answer) => Response::Ok(answer),
        Err(e) => Response::Err(WireError::from_store(&e)),
    }
}

/// Makes [`call`] from the store's surface declaration (store/surface.rs): each request
/// calls its store method with the request's fields (and the service's own value for an
/// argument the request does not carry), and its value goes back in the declared answer.
macro_rules! dispatch_calls {
    ($([
        $kind:ident $method:ident $self:ident $params:tt ($($arg:ident $(= $local:expr)?),*) $ret:tt
        $request:ident ($( ($one:ident: $one_ty:ty) )? $( { $($field:ident: $field_ty:ty),* } )?)
        $answer:ident $op:tt $docs:tt $default:tt
    ])*) => {
        /// One request on the caller's store: the call it names and the answer that
        /// carries its value. `Hello` is the service's own (answered before any store).
        fn call(store: &dyn Store, request: &Request) -> Result<Answer, StoreError> {
            match request {
                Request::Hello => Ok(Answer::Unit),
                $(
                    Request::$request $( ($one) )? $( { $($field),* } )? => store
                        .$method($(arg_of!($arg $(= $local)?)),*)
                        .map(super::protocol::wire::answer_of!($answer)),
                )*
            }
        }
    };
}

crate::store::surface::store_surface!(dispatch_calls);
