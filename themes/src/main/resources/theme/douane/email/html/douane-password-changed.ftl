<#import "template.ftl" as layout>
<#--
  "Votre mot de passe douane.gouv.fr a été modifié". Attributes: identifiant, changedAt
  (preformatted), loginUrl, resetUrl; user, realmName, locale from Keycloak.
-->
<@layout.emailLayout>
<@layout.greeting/>
<@layout.paragraph>${msg("douaneMailChangedText", properties.douaneSiteName!"")}<#if identifiant?has_content><br>${msg("douaneMailYourIdentifiant")} <strong>${identifiant}</strong></#if><#if changedAt?has_content><br>${msg("douaneMailChangedAt")} <strong>${changedAt}</strong></#if></@layout.paragraph>
<@layout.paragraph>${msg("douaneMailChangedIfYou")}</@layout.paragraph>
<#if loginUrl?has_content><@layout.button href=loginUrl label=msg("douaneMailLoginButton")/></#if>
<p style="font-weight:700">${msg("douaneMailChangedNotYou")}</p>
<#if resetUrl?has_content><@layout.paragraph><a href="${resetUrl}" style="color:#000091">${msg("douaneMailChangedResetLink")}</a></@layout.paragraph></#if>
<@layout.closing/>
</@layout.emailLayout>
