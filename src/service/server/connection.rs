//! One connection of the service: its thread reads frames, answers each request through
//! the caller's store under `catch_unwind`, and ends on a bad frame, an idle timeout, the
//! client going away or the service stopping (see the module docs of `server`).

use super::*;

pub(super) struct Connection {
    pub(super) stream: UnixStream,
    pub(super) peer: PeerIdentity,
    pub(super) slot: Slot,
    pub(super) factory: StoreFactory,
    pub(super) stop: Arc<AtomicBool>,
    /// Set with `stop` when the store became unhealthy.
    pub(super) failed: Arc<AtomicBool>,
    pub(super) frame_timeout: Duration,
    pub(super) idle_timeout: Duration,
}

impl Connection {
    pub(super) fn serve(mut self) {
        let peer = self.peer.clone();
        let uid = peer.uid;
        let setup = self
            .stream
            .set_nonblocking(false)
            .and_then(|()| self.stream.set_read_timeout(Some(TICK)))
            .and_then(|()| self.stream.set_write_timeout(Some(WRITE_TIMEOUT)));
        if let Err(e) = setup {
            log(format_args!(
                "uid {uid}: cannot set up the connection: {}",
                e.kind()
            ));
            return;
        }
        let factory = Arc::clone(&self.factory);
        let for_store = peer.clone();
        let store = match catch_unwind(AssertUnwindSafe(move || factory(for_store))) {
            Ok(s) => s,
            Err(_) => {
                log(format_args!("uid {uid}: no store for this caller (panic)"));
                self.answer(uid, &Response::Err(WireError::Internal));
                return;
            }
        };
        let stream = match self.stream.try_clone() {
            Ok(s) => s,
            Err(e) => {
                log(format_args!(
                    "uid {uid}: cannot set up the connection: {}",
                    e.kind()
                ));
                return;
            }
        };
        let mut reader = &stream;
        loop {
            let idle_since = Instant::now();
            let stop = Arc::clone(&self.stop);
            let idle_timeout = self.idle_timeout;
            let slot = &mut self.slot;
            let read = protocol::read_frame_with(
                &mut reader,
                MAX_FRAME,
                self.frame_timeout,
                || !stop.load(Ordering::SeqCst) && idle_since.elapsed() < idle_timeout,
                |n| slot.reserve(n),
            );
            let body = match read {
                Ok(body) => body,
                Err(ReadError::Stopped) => {
                    if !self.stop.load(Ordering::SeqCst) {
                        log(format_args!("uid {uid}: closed an idle connection"));
                    }
                    return;
                }
                Err(ReadError::Closed) => return,
                Err(ReadError::OverBudget) => {
                    log(format_args!(
                        "uid {uid}: too many request bytes buffered; connection closed"
                    ));
                    self.answer(uid, &Response::Err(WireError::Busy));
                    return;
                }
                Err(ReadError::Truncated) => {
                    log(format_args!(
                        "uid {uid}: connection closed in the middle of a frame"
                    ));
                    return;
                }
                Err(ReadError::TimedOut) => {
                    self.refuse(uid, FrameError::Incomplete);
                    return;
                }
                Err(ReadError::Frame(f)) => {
                    self.refuse(uid, f);
                    return;
                }
                Err(ReadError::Io(e)) => {
                    log(format_args!("uid {uid}: read failed: {}", e.kind()));
                    return;
                }
            };
            let request: Request = match protocol::decode_body(&body) {
                Ok(r) => r,
                Err(f) => {
                    self.refuse(uid, f);
                    return;
                }
            };
            drop(body);
            let name = request.name();
            let response = match request {
                Request::Hello => Response::Ok(Answer::Hello {
                    protocol: PROTOCOL_VERSION,
                    uid,
                    user: peer.user_name.clone(),
                }),
                request => match catch_unwind(AssertUnwindSafe(|| dispatch(store.as_ref(), request))) {
                    Ok(response) => response,
                    Err(_) => {
                        log(format_args!(
                            "uid {uid}: {name} failed inside the service (panic)"
                        ));
                        Response::Err(WireError::Internal)
                    }
                },
            };
            self.slot.release();
            if let Response::Err(e) = &response {
                log_store_error(uid, name, e);
            }
            if !store.healthy() {
                log(format_args!(
                    "uid {uid}: {name}: the store failed; the service stops to be restarted"
                ));
                self.failed.store(true, Ordering::SeqCst);
                self.stop.store(true, Ordering::SeqCst);
            }
            if !self.answer(uid, &response) {
                return;
            }
        }
    }

    /// Answer a bad frame and log it (its kind, never its bytes).
    fn refuse(&self, uid: u32, f: FrameError) {
        log(format_args!("uid {uid}: {}", f.describe()));
        self.answer(uid, &Response::Err(WireError::Frame(f)));
    }

    /// Send `response`; false when the connection is no longer usable.
    fn answer(&self, uid: u32, response: &Response) -> bool {
        let bytes = match protocol::frame(response, MAX_ANSWER) {
            Ok(b) => b,
            Err(e) => {
                let error = match e {
                    FrameEncodeError::TooLarge { len, max } => {
                        log(format_args!("uid {uid}: answer of {len} bytes is over the cap"));
                        WireError::AnswerTooLarge { len, max }
                    }
                    FrameEncodeError::Encode => {
                        log(format_args!("uid {uid}: cannot encode an answer"));
                        WireError::Internal
                    }
                };
                match protocol::frame(&Response::Err(error), MAX_ANSWER) {
                    Ok(b) => b,
                    Err(_) => return false,
                }
            }
        };
        match protocol::send_all(&self.stream, &bytes) {
            Ok(()) => true,
            Err(e) => {
                if !protocol::is_disconnect(&e) {
                    log(format_args!("uid {uid}: cannot send an answer: {}", e.kind()));
                }
                false
            }
        }
    }
}
