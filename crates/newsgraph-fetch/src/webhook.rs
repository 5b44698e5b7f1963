//! Posting JSON to a webhook (alerts): one request, the client's User-Agent and timeouts, no
//! redirects followed (a webhook that moves is misconfigured, and a POST must not be replayed
//! elsewhere silently).

use crate::client::Options;
use crate::error::FetchError;

/// POSTs `json` to `url` as `application/json`; `Ok` with the status for a `2xx`, otherwise a
/// [`FetchError`] naming the URL.
pub fn post_json(url: &str, json: &str, options: &Options) -> Result<u16, FetchError> {
    let parsed = url::Url::parse(url).map_err(|e| FetchError::BadUrl {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::BadUrl {
            url: url.to_string(),
            reason: format!("scheme {:?} is not http or https", parsed.scheme()),
        });
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(options.user_agent.as_str())
        .timeout_connect(Some(options.connect_timeout))
        .timeout_recv_response(Some(options.read_timeout))
        .build()
        .into();
    let response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .send(json)
        .map_err(|e| FetchError::Transport {
            url: url.to_string(),
            timeout: matches!(e, ureq::Error::Timeout(_)),
            source: Box::new(e),
        })?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        Ok(status)
    } else {
        Err(FetchError::Status {
            url: url.to_string(),
            at: url.to_string(),
            status,
        })
    }
}
