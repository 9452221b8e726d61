//! Posting nudges to a webhook (`nudges --send URL`): JSON `{"text": …, "praxis": {…}}`,
//! the shape Slack and Teams incoming webhooks accept. Each post has a timeout and is
//! retried a bounded number of times on connection errors, 429 and 5xx; every failure is
//! reported. Nothing is ever sent without `--send`.

use serde_json::{Value, json};
use std::time::Duration;

/// Attempts per message (the first try and two retries).
const ATTEMPTS: u32 = 3;

pub struct Sender {
    agent: ureq::Agent,
    url: String,
    backoff: Duration,
}

impl Sender {
    /// `timeout` bounds each attempt; tests shorten it with `PRAXIS_SEND_TIMEOUT_MS`.
    pub fn new(url: &str) -> Self {
        let millis = std::env::var("PRAXIS_SEND_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10_000);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_millis(millis)))
            .http_status_as_error(false)
            .build()
            .into();
        Sender {
            agent,
            url: url.to_string(),
            backoff: Duration::from_millis((millis / 20).clamp(10, 500)),
        }
    }

    /// Posts one message; `Err` says why the last attempt failed.
    pub fn send(&self, text: &str, praxis: &Value) -> Result<(), String> {
        let body = json!({ "text": text, "praxis": praxis }).to_string();
        let mut last = String::new();
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(self.backoff * attempt);
            }
            match self
                .agent
                .post(&self.url)
                .header("Content-Type", "application/json")
                .send(body.as_str())
            {
                Ok(r) if r.status().is_success() => return Ok(()),
                Ok(r) => {
                    let status = r.status().as_u16();
                    last = format!("HTTP {status}");
                    if !(status == 429 || status >= 500) {
                        break;
                    }
                }
                Err(e) => last = e.to_string(),
            }
        }
        Err(last)
    }
}
