"""The official Python client (PyPI `kubernetes`) against a Swiftlet server.

Run by ClientCompatibilityTests with the server's admin kubeconfig as the
only argument. Prints one line per step and exits non-zero on the first
surprise.
"""

import os
import sys
import threading
import time

from kubernetes import client, config, dynamic, utils, watch
from kubernetes.client.rest import ApiException


def main(kubeconfig):
    config.load_kube_config(config_file=kubeconfig)
    core = client.CoreV1Api()
    apps = client.AppsV1Api()

    version = client.VersionApi().get_code()
    assert version.minor == "32", version
    print("version", version.git_version)

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name="py")))
    names = [ns.metadata.name for ns in core.list_namespace().items]
    assert "py" in names and "default" in names, names
    print("namespaces", len(names))

    cm = client.V1ConfigMap(
        metadata=client.V1ObjectMeta(name="settings", labels={"app": "py"}), data={"mode": "fast"}
    )
    created = core.create_namespaced_config_map("py", cm)
    assert created.metadata.uid and created.metadata.resource_version
    patched = core.patch_namespaced_config_map("settings", "py", {"data": {"mode": "slow"}})
    assert patched.data["mode"] == "slow", patched.data
    listed = core.list_namespaced_config_map("py", label_selector="app=py")
    assert [c.metadata.name for c in listed.items] == ["settings"], listed.items
    print("configmap", patched.data["mode"])

    # A watch from the list's resourceVersion sees a create made after it.
    events = []
    w = watch.Watch()

    def follow():
        for event in w.stream(
            core.list_namespaced_config_map,
            "py",
            resource_version=listed.metadata.resource_version,
            timeout_seconds=20,
        ):
            events.append((event["type"], event["object"].metadata.name))
            if event["object"].metadata.name == "later":
                w.stop()

    watcher = threading.Thread(target=follow)
    watcher.start()
    core.create_namespaced_config_map("py", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="later")))
    watcher.join(30)
    assert ("ADDED", "later") in events, events
    print("watch", events[-1][0], events[-1][1])

    body = client.V1Deployment(
        metadata=client.V1ObjectMeta(name="web"),
        spec=client.V1DeploymentSpec(
            replicas=1,
            selector=client.V1LabelSelector(match_labels={"app": "web"}),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels={"app": "web"}),
                spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx")]),
            ),
        ),
    )
    apps.create_namespaced_deployment("py", body)
    # Create from YAML, as utils.create_from_yaml does for manifests.
    manifest = os.path.join(os.path.dirname(os.path.abspath(__file__)), "client_scenario.yaml")
    made = utils.create_from_yaml(client.ApiClient(), manifest, namespace="py")
    assert [o.metadata.name for group in made for o in group] == ["from-yaml"], made
    print("yaml", core.read_namespaced_config_map("from-yaml", "py").data["source"])
    # A JSON patch (a list body is sent as application/json-patch+json).
    core.patch_namespaced_config_map(
        "from-yaml", "py", [{"op": "replace", "path": "/data/source", "value": "json-patch"}]
    )
    assert core.read_namespaced_config_map("from-yaml", "py").data["source"] == "json-patch"
    print("json-patch ok")
    apps.patch_namespaced_deployment_scale("web", "py", {"spec": {"replicas": 3}})
    scale = apps.read_namespaced_deployment_scale("web", "py")
    assert scale.spec.replicas == 3, scale
    print("scale", scale.spec.replicas)

    # Server-side apply with a field manager: creates, records ownership,
    # conflicts with another manager's field, and takes it over when forced.
    applied = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "applied"},
        "data": {"owner": "py"},
    }
    configmaps = dynamic.DynamicClient(client.ApiClient()).resources.get(api_version="v1", kind="ConfigMap")
    made = configmaps.server_side_apply(body=applied, namespace="py", field_manager="py-apply")
    owners = [(m.manager, m.operation) for m in made.metadata.managedFields]
    assert owners == [("py-apply", "Apply")], owners
    core.patch_namespaced_config_map(
        "applied", "py", {"data": {"owner": "editor"}}, field_manager="editor"
    )
    try:
        configmaps.server_side_apply(body=applied, namespace="py", field_manager="py-apply")
        raise AssertionError("an apply over another manager's field did not conflict")
    except ApiException as error:
        assert error.status == 409 and "conflict with" in str(error.body), error
    forced = configmaps.server_side_apply(
        body=applied, namespace="py", field_manager="py-apply", force_conflicts=True
    )
    assert forced.data["owner"] == "py", forced.data
    print("apply", forced.data["owner"])

    core.delete_namespaced_config_map("settings", "py")
    try:
        core.read_namespaced_config_map("settings", "py")
        raise AssertionError("the deleted ConfigMap is still there")
    except ApiException as error:
        assert error.status == 404, error
    try:
        core.create_namespaced_config_map(
            "py", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="Not_A_Name"))
        )
        raise AssertionError("an invalid name was accepted")
    except ApiException as error:
        assert error.status == 422, error
    print("errors", 404, 422)

    # Delete with a propagation policy: Foreground holds the Deployment
    # (foregroundDeletion finalizer) until its ReplicaSets are gone.
    for _ in range(300):
        if apps.list_namespaced_replica_set("py").items:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the Deployment never got a ReplicaSet")
    apps.delete_namespaced_deployment(
        "web", "py", body=client.V1DeleteOptions(propagation_policy="Foreground")
    )
    for _ in range(300):
        try:
            apps.read_namespaced_deployment("web", "py")
        except ApiException as error:
            assert error.status == 404, error
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the Deployment deleted in the foreground never went")
    assert apps.list_namespaced_replica_set("py").items == []
    print("foreground delete ok")

    core.delete_namespace("py")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
