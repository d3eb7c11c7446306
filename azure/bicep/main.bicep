// OrleansBridge on Azure: the storage account that all silos share (grain state, the cluster's
// membership table and the content cache) and the AKS cluster that runs them, with a GPU node pool for
// render silos.
// Deploy: az deployment group create -g <group> -f azure/bicep/main.bicep -p namePrefix=<prefix>
// (docs/deploy-azure.md).

@description('Prefix of every resource name; 3-11 lowercase letters and digits.')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Region of every resource.')
param location string = resourceGroup().location

@description('Kubernetes version of the cluster.')
param kubernetesVersion string = '1.31'

@description('Nodes of the session-silo pool (autoscaled between this and siloNodeMax).')
@minValue(1)
param siloNodeMin int = 3

@description('Most nodes of the session-silo pool.')
param siloNodeMax int = 10

@description('VM size of session-silo nodes.')
param siloVmSize string = 'Standard_D8ds_v5'

@description('Nodes of the GPU pool for render silos; 0 for none.')
@minValue(0)
param gpuNodeCount int = 1

@description('VM size of GPU nodes (NVIDIA, with NVENC).')
param gpuVmSize string = 'Standard_NC8as_T4_v3'

var storageName = '${namePrefix}bridgest'
var clusterName = '${namePrefix}-bridge-aks'

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    accessTier: 'Hot'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

// Grain state: session and scene records, applications, ledgers (one Orleans cluster; ETags fence a second activation).
resource grainsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: 'grains'
  properties: {
    publicAccess: 'None'
  }
}

// The content-addressed cache shared by every silo.
resource cacheContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: 'cache'
  properties: {
    publicAccess: 'None'
  }
}

// Orleans cluster membership: the silos create table OrleansSiloInstances here on first start (one
// partition per cluster id); the Table service only has to be there.
resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource cluster 'Microsoft.ContainerService/managedClusters@2025-10-01' = {
  name: clusterName
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    kubernetesVersion: kubernetesVersion
    dnsPrefix: clusterName
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 2
        vmSize: 'Standard_D2ds_v5'
        osType: 'Linux'
        type: 'VirtualMachineScaleSets'
      }
      {
        name: 'silo'
        mode: 'User'
        count: siloNodeMin
        minCount: siloNodeMin
        maxCount: siloNodeMax
        enableAutoScaling: true
        vmSize: siloVmSize
        osType: 'Linux'
        type: 'VirtualMachineScaleSets'
        nodeLabels: {
          agentpool: 'silo'
        }
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      loadBalancerSku: 'standard'
    }
  }
}

// Render silos: NVIDIA nodes, tainted so that only pods tolerating nvidia.com/gpu land there.
resource gpuPool 'Microsoft.ContainerService/managedClusters/agentPools@2025-10-01' = if (gpuNodeCount > 0) {
  parent: cluster
  name: 'gpu'
  properties: {
    mode: 'User'
    count: gpuNodeCount
    vmSize: gpuVmSize
    osType: 'Linux'
    type: 'VirtualMachineScaleSets'
    nodeLabels: {
      agentpool: 'gpu'
    }
    nodeTaints: [
      'nvidia.com/gpu=present:NoSchedule'
    ]
  }
}

output storageAccountName string = storage.name
output grainsContainerName string = grainsContainer.name
output cacheContainerName string = cacheContainer.name
output aksClusterName string = cluster.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output tableEndpoint string = storage.properties.primaryEndpoints.table
