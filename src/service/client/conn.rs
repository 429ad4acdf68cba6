//! Opening a connection to the service (the greeting) and reading one answer.

use super::super::protocol::{
    self, Answer, FrameError, MAX_ANSWER, MAX_FRAME, PROTOCOL_VERSION, ReadError, Request, Response,
};
use crate::store::StoreError;
use std::io::{self, ErrorKind};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use super::SEND_TIMEOUT;

/// Connect and greet: the stream, and who the service says we are.
pub(super) fn open(path: &Path, answer_timeout: Duration) -> Result<(UnixStream, u32, String), StoreError> {
    let unavailable = |source| StoreError::Unavailable {
        path: path.to_path_buf(),
        source,
    };
    let stream = UnixStream::connect(path).map_err(unavailable)?;
    stream
        .set_read_timeout(Some(answer_timeout))
        .and_then(|()| stream.set_write_timeout(Some(SEND_TIMEOUT)))
        .map_err(unavailable)?;
    let bytes = protocol::frame(&Request::Hello, MAX_FRAME).map_err(|_| StoreError::Service {
        path: path.to_path_buf(),
        message: "the greeting cannot be encoded".into(),
    })?;
    // A service that refuses the connection (busy) may have answered and closed before
    // the greeting went out: read its answer even then.
    let sent = protocol::send_all(&stream, &bytes);
    let service = |message: String| StoreError::Service {
        path: path.to_path_buf(),
        message,
    };
    let answer = read_response(&stream, answer_timeout);
    if let Err(e) = sent
        && answer.is_err()
    {
        return Err(unavailable(e));
    }
    match answer {
        Ok(Response::Ok(Answer::Hello {
            protocol: PROTOCOL_VERSION,
            uid,
            user,
        })) => Ok((stream, uid, user)),
        Ok(Response::Ok(Answer::Hello { protocol, .. })) => Err(service(format!(
            "the service speaks protocol {protocol}, this tsunagu {PROTOCOL_VERSION}"
        ))),
        Ok(Response::Ok(_)) => Err(service("unexpected answer to hello".into())),
        Ok(Response::Err(e)) => Err(e.into_store(path)),
        Err(ReadError::Frame(FrameError::Version { found, .. })) => Err(service(format!(
            "the service speaks protocol {found}, this tsunagu {PROTOCOL_VERSION}: use the same version of tsunagu on both sides"
        ))),
        Err(ReadError::Frame(f)) => Err(service(format!("not a tsunagu service: {}", f.describe()))),
        Err(ReadError::Io(e)) => Err(unavailable(e)),
        Err(ReadError::OverBudget) => Err(service("answer over the client's budget".into())),
        Err(ReadError::Closed | ReadError::Truncated) => Err(unavailable(io::Error::new(
            ErrorKind::ConnectionAborted,
            "the service closed the connection",
        ))),
        Err(ReadError::Stopped | ReadError::TimedOut) => Err(unavailable(io::Error::new(
            ErrorKind::TimedOut,
            "no answer from the service in time",
        ))),
    }
}

pub(super) fn read_response(stream: &UnixStream, timeout: Duration) -> Result<Response, ReadError> {
    let mut reader = stream;
    let body = protocol::read_frame(&mut reader, MAX_ANSWER, timeout, || false)?;
    protocol::decode_body(&body).map_err(ReadError::Frame)
}
