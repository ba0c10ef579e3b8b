// The pages of a model: its versions, its deployments, its shadow report, versions compared.
import { NavLink } from "react-router-dom";

export function ModelTabs({ modelId }: { modelId: string }) {
  const base = `/models/${encodeURIComponent(modelId)}`;
  return (
    <nav className="tabs" aria-label="Model pages">
      <NavLink to={base} end>Versions</NavLink>
      <NavLink to={`${base}/deployments`}>Deployments</NavLink>
      <NavLink to={`${base}/shadow`}>Shadow report</NavLink>
      <NavLink to={`${base}/monitoring`}>Monitoring</NavLink>
      <NavLink to={`${base}/compare`}>Compare</NavLink>
    </nav>
  );
}
