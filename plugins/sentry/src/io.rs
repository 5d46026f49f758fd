//! The plugin's window on the outside world: HTTP, waiting between polls,
//! progress and logs. [`WarrenIo`] forwards to the host's imports; tests use
//! [`testing::FakeIo`], which answers requests from fixtures and records them.

use crate::api::method_name;
use crate::warren::plugin::client::{self, LogLevel};
use crate::warren::plugin::http::{self, HttpError, Request, Response};

/// What the host provides a tool.
pub trait Io {
    /// Sends `request` and reads the whole response.
    fn fetch(&self, request: Request) -> Result<Response, HttpError>;
    /// Waits `ms` milliseconds; `false` when the call was cancelled or its
    /// deadline is near (stop and return what you have).
    fn wait(&self, ms: u32) -> bool;
    /// Reports progress of the current call.
    fn progress(&self, done: f64, total: Option<f64>, message: Option<&str>);
    /// Sends a log message to the client.
    #[allow(dead_code, reason = "part of the framework for the tools still to be written")]
    fn log(&self, level: LogLevel, message: &str);
}

/// The host's imports.
pub struct WarrenIo;

impl Io for WarrenIo {
    fn fetch(&self, request: Request) -> Result<Response, HttpError> {
        let line = format!("{} {}", method_name(request.method), request.url);
        let result = http::fetch(&request);
        match &result {
            Ok(r) => client::log(LogLevel::Debug, &format!("{line} -> {}", r.status)),
            Err(e) => client::log(LogLevel::Debug, &format!("{line} failed: {e:?}")),
        }
        result
    }

    fn wait(&self, ms: u32) -> bool {
        client::wait(ms)
    }

    fn progress(&self, done: f64, total: Option<f64>, message: Option<&str>) {
        client::progress(done, total, message)
    }

    fn log(&self, level: LogLevel, message: &str) {
        client::log(level, message)
    }
}

/// Test doubles.
#[cfg(test)]
pub mod testing {
    use std::cell::RefCell;

    use super::*;

    /// Answers requests from a route table and records them.
    #[derive(Default)]
    pub struct FakeIo {
        routes: Vec<(String, Result<Response, HttpError>)>,
        /// `METHOD url` of every request, in order.
        pub requests: RefCell<Vec<String>>,
        /// The credential each request named.
        pub credentials: RefCell<Vec<Option<String>>>,
        /// The body each request sent, as text (`None` without a body).
        pub bodies: RefCell<Vec<Option<String>>>,
        /// How many more `wait` calls return true.
        pub waits_left: RefCell<u32>,
        /// Progress messages reported.
        pub progress: RefCell<Vec<String>>,
    }

    impl FakeIo {
        /// Answers `METHOD url` (e.g. `GET https://sentry.io/api/0/auth/`) with
        /// `status` and `body`; a route ending in `*` matches every URL it
        /// starts; the first matching route wins, unmatched requests get 404.
        pub fn route(mut self, method_and_url: &str, status: u16, body: &str) -> FakeIo {
            let response = Response { status, headers: vec![], body: body.as_bytes().to_vec() };
            self.routes.push((method_and_url.to_string(), Ok(response)));
            self
        }

        /// Answers with a response that carries headers.
        pub fn route_with_headers(mut self, method_and_url: &str, headers: &[(&str, &str)], body: &str) -> FakeIo {
            let headers = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            self.routes.push((method_and_url.to_string(), Ok(Response { status: 200, headers, body: body.into() })));
            self
        }

        /// Fails matching requests with `error`.
        pub fn fail(mut self, method_and_url: &str, error: HttpError) -> FakeIo {
            self.routes.push((method_and_url.to_string(), Err(error)));
            self
        }
    }

    /// A shared fake, so a test can read what a handler sent after handing it to a `Ctx`.
    impl<T: Io> Io for std::rc::Rc<T> {
        fn fetch(&self, request: Request) -> Result<Response, HttpError> {
            (**self).fetch(request)
        }

        fn wait(&self, ms: u32) -> bool {
            (**self).wait(ms)
        }

        fn progress(&self, done: f64, total: Option<f64>, message: Option<&str>) {
            (**self).progress(done, total, message)
        }

        fn log(&self, level: LogLevel, message: &str) {
            (**self).log(level, message)
        }
    }

    impl Io for FakeIo {
        fn fetch(&self, request: Request) -> Result<Response, HttpError> {
            let line = format!("{} {}", method_name(request.method), request.url);
            self.requests.borrow_mut().push(line.clone());
            self.credentials.borrow_mut().push(request.credential.clone());
            self.bodies.borrow_mut().push(request.body.as_ref().map(|b| String::from_utf8_lossy(b).into_owned()));
            let found = self.routes.iter().find(|(route, _)| match route.strip_suffix('*') {
                Some(prefix) => line.starts_with(prefix),
                None => line == *route,
            });
            match found {
                Some((_, answer)) => answer.clone(),
                None => Ok(Response {
                    status: 404,
                    headers: vec![],
                    body: br#"{"detail":"The requested resource does not exist"}"#.to_vec(),
                }),
            }
        }

        fn wait(&self, _ms: u32) -> bool {
            let mut left = self.waits_left.borrow_mut();
            if *left == 0 {
                return false;
            }
            *left -= 1;
            true
        }

        fn progress(&self, done: f64, total: Option<f64>, message: Option<&str>) {
            self.progress.borrow_mut().push(format!("{done}/{total:?} {}", message.unwrap_or("")));
        }

        fn log(&self, _level: LogLevel, _message: &str) {}
    }
}
