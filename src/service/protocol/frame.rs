//! Frames: the header, the capped body, and reading and writing them on a socket with
//! deadlines.

use super::{FrameError, HEADER_LEN, MAGIC, PROTOCOL_VERSION};
use crate::store::codec;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::{self, ErrorKind, Read};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

/// A whole frame (header and body) for `msg`, if its body is at most `max` bytes.
pub fn frame<T: Serialize>(msg: &T, max: usize) -> Result<Vec<u8>, FrameEncodeError> {
    let body = codec::encode(msg).map_err(|_| FrameEncodeError::Encode)?;
    if body.len() > max {
        return Err(FrameEncodeError::TooLarge {
            len: body.len() as u64,
            max: max as u64,
        });
    }
    let len = u32::try_from(body.len()).map_err(|_| FrameEncodeError::TooLarge {
        len: body.len() as u64,
        max: max as u64,
    })?;
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&MAGIC);
    out.push(PROTOCOL_VERSION);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Why a message could not become a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameEncodeError {
    Encode,
    TooLarge { len: u64, max: u64 },
}

/// Check a frame header; the body's length when it is acceptable.
pub fn parse_header(header: &[u8; HEADER_LEN], max: usize) -> Result<usize, FrameError> {
    if header[..4] != MAGIC {
        return Err(FrameError::BadMagic);
    }
    if header[4] != PROTOCOL_VERSION {
        return Err(FrameError::Version {
            found: header[4],
            supported: PROTOCOL_VERSION,
        });
    }
    let len = u32::from_be_bytes([header[5], header[6], header[7], header[8]]);
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    if len > max {
        return Err(FrameError::TooLarge {
            len: len as u64,
            max: max as u64,
        });
    }
    Ok(len)
}

/// Decode a frame body.
pub fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, FrameError> {
    codec::decode(body).map_err(|_| FrameError::Malformed)
}

/// Why no frame was read.
#[derive(Debug)]
pub enum ReadError {
    /// The peer closed the connection between frames.
    Closed,
    /// `keep_waiting` said stop before a frame began.
    Stopped,
    /// The peer closed the connection in the middle of a frame.
    Truncated,
    /// The header was refused (nothing after it was read).
    Frame(FrameError),
    /// A frame began but did not complete within the frame timeout.
    TimedOut,
    /// The reader's budget refused more bytes ([`read_frame_with`]): the service is
    /// holding as much of this caller's (or everyone's) requests as it will.
    OverBudget,
    Io(io::Error),
}

/// Read one frame's body from `r`, whose read timeout is the polling tick.
///
/// Before the first byte arrives, every tick asks `keep_waiting` (false: give up with
/// [`ReadError::Stopped`]). Once a frame has begun, all of it must arrive within
/// `frame_timeout`. The header is checked before the body is read, so an oversized
/// length allocates nothing, and the body's buffer grows as its bytes arrive.
pub fn read_frame<R: Read>(
    r: &mut R,
    max: usize,
    frame_timeout: Duration,
    keep_waiting: impl FnMut() -> bool,
) -> Result<Vec<u8>, ReadError> {
    read_frame_with(r, max, frame_timeout, keep_waiting, |_| true)
}

/// [`read_frame`], asking `reserve(n)` before the body's buffer grows by `n` bytes
/// (at most 64 KiB at a time, as they arrive); false ends the read with
/// [`ReadError::OverBudget`].
pub fn read_frame_with<R: Read>(
    r: &mut R,
    max: usize,
    frame_timeout: Duration,
    mut keep_waiting: impl FnMut() -> bool,
    mut reserve: impl FnMut(usize) -> bool,
) -> Result<Vec<u8>, ReadError> {
    let mut header = [0u8; HEADER_LEN];
    // The first byte: wait as long as keep_waiting says.
    loop {
        match r.read(&mut header[..1]) {
            Ok(0) => return Err(ReadError::Closed),
            Ok(_) => break,
            Err(e) if is_tick(&e) => {
                if !keep_waiting() {
                    return Err(ReadError::Stopped);
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if is_disconnect(&e) => return Err(ReadError::Closed),
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    let deadline = Instant::now() + frame_timeout;
    read_full(r, &mut header[1..], deadline)?;
    let len = parse_header(&header, max).map_err(ReadError::Frame)?;
    // Grow with what arrives: a header alone cannot make the reader allocate `max`.
    let mut body = Vec::with_capacity(len.min(CHUNK));
    while body.len() < len {
        let start = body.len();
        let grow = (len - start).min(CHUNK);
        if !reserve(grow) {
            return Err(ReadError::OverBudget);
        }
        body.resize(start + grow, 0);
        if let Some(fresh) = body.get_mut(start..) {
            read_full(r, fresh, deadline)?;
        }
    }
    Ok(body)
}

/// How much of a body is allocated ahead of the bytes that fill it.
const CHUNK: usize = 64 * 1024;

/// Fill `buf` before `deadline`.
fn read_full<R: Read>(r: &mut R, buf: &mut [u8], deadline: Instant) -> Result<(), ReadError> {
    let mut done = 0;
    while let Some(rest) = buf.get_mut(done..)
        && !rest.is_empty()
    {
        match r.read(rest) {
            Ok(0) => return Err(ReadError::Truncated),
            Ok(n) => done += n,
            Err(e) if is_tick(&e) || e.kind() == ErrorKind::Interrupted => {}
            Err(e) if is_disconnect(&e) => return Err(ReadError::Truncated),
            Err(e) => return Err(ReadError::Io(e)),
        }
        if done < buf.len() && Instant::now() >= deadline {
            return Err(ReadError::TimedOut);
        }
    }
    Ok(())
}

/// Write all of `bytes` to `stream`. On Linux through send(MSG_NOSIGNAL), so a peer
/// that has gone away is an error (EPIPE) and never a SIGPIPE, whatever the process's
/// signal disposition.
pub fn send_all(stream: &UnixStream, bytes: &[u8]) -> io::Result<()> {
    let mut rest = bytes;
    while !rest.is_empty() {
        match send_some(stream, rest) {
            Ok(0) => return Err(io::Error::from(ErrorKind::WriteZero)),
            Ok(n) => rest = rest.get(n..).unwrap_or_default(),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn send_some(stream: &UnixStream, bytes: &[u8]) -> io::Result<usize> {
    use std::os::fd::AsRawFd;
    // SAFETY: `bytes` is valid for reads of its length for the duration of the call.
    let n = unsafe {
        libc::send(
            stream.as_raw_fd(),
            bytes.as_ptr().cast::<libc::c_void>(),
            bytes.len(),
            libc::MSG_NOSIGNAL,
        )
    };
    usize::try_from(n).map_err(|_| io::Error::last_os_error())
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn send_some(mut stream: &UnixStream, bytes: &[u8]) -> io::Result<usize> {
    use std::io::Write;
    stream.write(bytes)
}

/// A read timeout: the socket's tick, not an error.
fn is_tick(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

/// The other end is gone.
pub fn is_disconnect(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::BrokenPipe
            | ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::NotConnected
    )
}
