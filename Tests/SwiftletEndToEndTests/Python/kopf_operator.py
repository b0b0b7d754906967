"""A small kopf operator for the end-to-end test: Greetings get a message
in their status when created and updated, an event each time, and a line on
stdout when deleted (through kopf's finalizer)."""
import kopf

GROUP, VERSION, PLURAL = "example.swiftlet.dev", "v1", "greetings"


@kopf.on.startup()
def configure(settings: kopf.OperatorSettings, **_):
    settings.posting.level = 20  # INFO: kopf.info() posts events
    settings.watching.server_timeout = 30
    settings.watching.client_timeout = 40
    print("kopf operator starting", flush=True)


@kopf.on.create(GROUP, VERSION, PLURAL)
def greet(spec, name, body, **_):
    kopf.info(body, reason="Greeted", message=f"said hello to {spec['who']}")
    return {"message": f"hello {spec['who']}"}


@kopf.on.update(GROUP, VERSION, PLURAL, field="spec.who")
def greet_again(old, new, body, patch, **_):
    kopf.info(body, reason="GreetedAgain", message=f"{old} became {new}")
    patch.status["lastGreeting"] = f"hello again {new}"


@kopf.on.delete(GROUP, VERSION, PLURAL)
def farewell(name, **_):
    print(f"farewell {name}", flush=True)
