// What a listener sees at #/dashboard: no figures, and why. Apart from the dashboard, so
// that a listener's browser never loads the charts.

export function AdminsOnly() {
  return (
    <section className="dashboard" data-state="forbidden">
      <h1>Dashboard</h1>
      <p className="notice" role="alert" data-testid="admins-only">
        The dashboard is for tenant admins. Ask an admin of your organisation for the figures you need.
      </p>
    </section>
  );
}
