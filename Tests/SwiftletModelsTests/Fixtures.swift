import SwiftletAPI

/// Objects as a v1.32 API server returns them, with a few fields no model
/// knows (`futureField`, `futureTopLevel`) to prove they survive.
enum Fixtures {
    static let deployment = """
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": {
            "name": "web",
            "namespace": "default",
            "uid": "3d5e8c1a-4a8e-4a43-9c59-2b1f6f0c9a11",
            "resourceVersion": "4182",
            "generation": 2,
            "creationTimestamp": "2025-01-15T10:04:05Z",
            "labels": {"app": "web", "tier": "frontend"},
            "annotations": {"deployment.kubernetes.io/revision": "1"},
            "managedFields": [
              {
                "manager": "kubectl-client-side-apply",
                "operation": "Update",
                "apiVersion": "apps/v1",
                "time": "2025-01-15T10:04:05Z",
                "fieldsType": "FieldsV1",
                "fieldsV1": {"f:spec": {"f:replicas": {}}}
              }
            ]
          },
          "spec": {
            "replicas": 3,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
              "metadata": {"creationTimestamp": null, "labels": {"app": "web"}},
              "spec": {
                "containers": [
                  {
                    "name": "nginx",
                    "image": "nginx:1.27",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}],
                    "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": 1}},
                    "futureField": {"enabled": true, "level": 7}
                  },
                  {"name": "sidecar", "image": "busybox:1.36", "args": ["sleep", "3600"]}
                ],
                "restartPolicy": "Always",
                "terminationGracePeriodSeconds": 30,
                "dnsPolicy": "ClusterFirst"
              }
            },
            "strategy": {
              "type": "RollingUpdate",
              "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}
            },
            "revisionHistoryLimit": 10,
            "progressDeadlineSeconds": 600
          },
          "status": {
            "observedGeneration": 2,
            "replicas": 3,
            "updatedReplicas": 3,
            "readyReplicas": 3,
            "availableReplicas": 3,
            "conditions": [
              {
                "type": "Available",
                "status": "True",
                "lastUpdateTime": "2025-01-15T10:04:09Z",
                "lastTransitionTime": "2025-01-15T10:04:09Z",
                "reason": "MinimumReplicasAvailable",
                "message": "Deployment has minimum availability."
              }
            ]
          },
          "futureTopLevel": {"keep": ["me", 1, 2.5, null, false]}
        }
        """

    static let podList = """
        {
          "kind": "PodList",
          "apiVersion": "v1",
          "metadata": {"resourceVersion": "5120", "continue": "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ"},
          "items": [
            {
              "metadata": {"name": "web-1", "namespace": "default", "uid": "a1"},
              "spec": {"containers": [{"name": "c", "image": "nginx"}], "nodeName": "node-1"},
              "status": {"phase": "Running", "podIP": "10.0.0.5"}
            },
            {
              "metadata": {"name": "web-2", "namespace": "default", "uid": "a2"},
              "spec": {"containers": [{"name": "c", "image": "nginx"}]},
              "status": {"phase": "Pending"}
            }
          ]
        }
        """
}
