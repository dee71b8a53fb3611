/** `warden simulate --help`. */
export const SIMULATE_USAGE = `usage: warden simulate [options]

Drives a fleet of simulated devices, each with its own certificate or token, against a Warden
broker, and reports delivery, latency, connection times and authorization probes.

identities
  --provision               create the fleet in the registry first (and the simulator
                            policies in warden.yaml; restart the broker if they were added)
  --auth cert|jwt|mixed     how provisioned devices authenticate (mixed)
  --prefix TEXT             device ids are TEXT00000, TEXT00001, ... (sim-)
  --fleet FILE              the fleet file (HOME/simulator/fleet.json)
  --token-ttl DURATION      lifetime of device tokens; refreshed before expiry (1h)

load
  --url URL                 mqtts://host:port or mqtt://host:port (mqtts://localhost:<port>)
  --devices N               devices to drive (the scenario's total, or the whole fleet file)
  --connect-rate N          connection attempts started per second, open-loop (100)
  --interval DURATION       mean gap between a device's readings, e.g. 500ms, 5s (5s)
  --jitter F                each gap varies by up to this fraction (0.1)
  --qos 0|1                 QoS of telemetry and commands (1)
  --duration DURATION       length of the load phase; 0s with --provision only provisions (30s)
  --drain DURATION          longest wait for messages in flight at the end (5s)
  --payload json|senml      telemetry format; senml is RFC 8428 SenML JSON (json)
  --scenario FILE           groups of devices with their own model, interval, topic (YAML/JSON)
  --seed N                  replay the same fleet, values and timings (random)
  --rogue P                 P percent of devices also try what they must not (0)
  --command-rate N          commands per second to random devices (devices / 20, at most 50)
  --source-addresses N      loopback source addresses to spread connections over (auto)
  --keepalive DURATION      MQTT keepalive (60s)
  --connect-timeout DURATION  (10s)
  --allow-remote            allow a broker that is not on this machine

output
  --report FILE             write the JSON report
  --json                    print the JSON report instead of the summary
  --quiet                   no live progress
  --home DIR                the Warden home ($WARDEN_HOME, else the current directory)
`;
