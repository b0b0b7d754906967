"""Opens more HTTP/2 streams on one connection than a Swiftlet server allows.

Run by StreamLimitEndToEndTests with the server's admin kubeconfig, next to
which the server keeps its PKI directory.
Prints the limit the server advertised and what happened to the excess:
the server must not serve more concurrent streams than it advertised.
"""

import os
import re
import socket
import ssl
import sys
import time

import h2.config
import h2.connection
import h2.events
import h2.settings


def main(kubeconfig):
    with open(kubeconfig) as f:
        port = int(re.search(r"server: https://127\.0\.0\.1:(\d+)", f.read()).group(1))
    pki = os.path.join(os.path.dirname(kubeconfig), "pki")
    context = ssl.create_default_context(cafile=f"{pki}/ca.crt")
    context.load_cert_chain(f"{pki}/admin.crt", f"{pki}/admin.key")
    context.set_alpn_protocols(["h2"])
    sock = context.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
    sock.settimeout(2)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    limit = None
    events = []
    deadline = time.time() + 10
    while limit is None and time.time() < deadline:
        for event in conn.receive_data(sock.recv(65536)):
            if isinstance(event, h2.events.RemoteSettingsChanged):
                changed = event.changed_settings.get(h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS)
                if changed is not None:
                    limit = changed.new_value
        sock.sendall(conn.data_to_send())
    print("limit", limit)
    # Ignore the advertised limit and open half as many again, each a watch
    # that stays open.
    conn.remote_settings._settings[h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS] = [10 * limit]
    for _ in range(limit + limit // 2):
        conn.send_headers(
            conn.get_next_available_stream_id(),
            [
                (":method", "GET"),
                (":path", "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=20"),
                (":scheme", "https"),
                (":authority", "localhost"),
            ],
            end_stream=True,
        )
    sock.sendall(conn.data_to_send())
    answered = 0
    refused = 0
    ended = False
    deadline = time.time() + 10
    while not ended and time.time() < deadline:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        if not data:
            ended = True
            break
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.ResponseReceived):
                answered += 1
            elif isinstance(event, h2.events.StreamReset):
                refused += 1
            elif isinstance(event, h2.events.ConnectionTerminated):
                ended = True
        sock.sendall(conn.data_to_send())
    print("answered", answered)
    print("refused", refused)
    print("ended", ended)


if __name__ == "__main__":
    main(sys.argv[1])
