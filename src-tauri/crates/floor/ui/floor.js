// Report the first paint (after two frames), the same moment PeerPlan reports for its first page.
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI__.core.invoke('ready')));
