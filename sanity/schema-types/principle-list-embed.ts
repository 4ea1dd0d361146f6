import {OlistIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'
import {unpublishedEmbedWarning} from '../lib/validation'
import {principleCount} from './principle-list'

export const principleListEmbed = defineType({
  name: 'principleListEmbed',
  title: 'Principle list',
  type: 'object',
  icon: OlistIcon,
  validation: (rule) => rule.custom(unpublishedEmbedWarning('principle list', 'principleList')).warning(),
  fields: [
    defineField({
      name: 'principleList',
      type: 'reference',
      to: [{type: 'principleList'}],
      validation: (rule) => rule.required(),
    }),
  ],
  preview: {
    select: {title: 'principleList.title', org: 'principleList.organization', principles: 'principleList.principles'},
    prepare: ({title, org, principles}) => ({
      title: title ?? 'Principle list',
      subtitle: [org, Array.isArray(principles) ? principleCount(principles.length) : null].filter(Boolean).join(' · '),
    }),
  },
})
